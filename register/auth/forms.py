"""Login and password forms; new passwords are checked by the one password policy."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from register.auth.passwords import MAX_LENGTH, check_password_policy


class PasswordPolicy:
    """WTForms validator for a new password: register.auth.passwords.check_password_policy, nothing else."""

    def __call__(self, form, field):
        problems = check_password_policy(field.data or "")
        if problems:
            raise ValidationError(problems[0])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    # Passwords are taken exactly as typed: InputRequired does not strip, and there is no filter.
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul uw wachtwoord in.")),
                                                          Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[InputRequired(_l("Vul uw huidige wachtwoord in.")),
                                             Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("Nieuw wachtwoord"),
                                 validators=[InputRequired(_l("Kies een nieuw wachtwoord.")), PasswordPolicy()],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[InputRequired(_l("Herhaal het nieuwe wachtwoord.")),
                    EqualTo("new_password", _l("De wachtwoorden zijn niet gelijk."))],
        render_kw={"autocomplete": "new-password"})


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
                       render_kw={"autocomplete": "username"})


class NewPasswordForm(FlaskForm):
    """Choosing one's own password through an invitation or reset link."""
    password = PasswordField(_l("Nieuw wachtwoord"), validators=[InputRequired(_l("Kies een wachtwoord.")),
                                                                PasswordPolicy()],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Herhaal het wachtwoord"),
                            validators=[InputRequired(_l("Herhaal het wachtwoord.")),
                                        EqualTo("password", _l("De wachtwoorden zijn niet gelijk."))],
                            render_kw={"autocomplete": "new-password"})

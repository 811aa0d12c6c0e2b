"""The belangencheck: the politician answers, sees proposals and makes agreements; reviewers and griffie read it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from register.agreements.forms import TEXT_HINT, AgreementForm, chosen_declarations
from register.agreements.queries import linkable_declarations
from register.extensions import db
from register.models import (
    AgreementKind, AnswerValue, CheckTrigger, Declaration, RiskAnswer, RiskCheck,
)
from register.models import agreement_catalogue as catalogue
from register.risk import hints, queries, services
from register.risk.forms import AnswersForm, ResolveForm, StartForm, given
from register.risk.proposals import proposal_for
from register.risk.questions import approach_question, by_code, objective_test, questions_for
from register.views import actor, managed_body, own_politician, refused

bp = Blueprint("risk", __name__)
bp.add_app_template_global(catalogue.kind_label, "agreement_kind_label")
bp.add_app_template_global(queries.check_due, "risk_check_due")
bp.add_app_template_global(queries.answers_for_agreement, "risk_answers_for")
bp.add_app_template_global(hints.hints_for_declaration, "conflict_hints")
bp.add_app_template_global(hints.hints_for_declarations, "conflict_hints_for")
bp.add_app_template_global(queries.recent_checks_of_groups, "recent_risk_checks")


@bp.app_template_global("risk_question_text")
def question_text(answer: RiskAnswer) -> str:
    """The question as the politician saw it (office and kind of body of that run)."""
    check = answer.check
    question = by_code(check.office, check.politician.body.kind).get(answer.question)
    return question.text if question else answer.question


@bp.get("/mijn/belangencheck")
@login_required
def index():
    """Why the check is due, and every earlier run."""
    politician = own_politician()
    return render_template("risk/index.html", politician=politician, due=queries.check_due(politician),
                           checks=queries.history(politician), form=StartForm())


@bp.post("/mijn/belangencheck/starten")
@login_required
def start():
    """Start a run; the reason (a new declaration, portfolio, confirmation) comes from the page that offered it."""
    politician = own_politician()
    form = StartForm()
    if not form.validate_on_submit():
        flash(_("De belangencheck is niet gestart. Probeer het opnieuw vanaf deze pagina."), "error")
        return redirect(url_for(".index"))
    trigger = {t.value: t for t in CheckTrigger}.get(form.trigger.data or "", CheckTrigger.on_demand)
    raw = (form.declaration_id.data or "").strip()
    declaration = db.session.get(Declaration, int(raw)) if raw.isdecimal() and len(raw) < 10 else None
    try:
        check = services.start_check(politician, actor=actor(), trigger=trigger, declaration=declaration)
    except services.RiskError as error:
        refused(error)
        return redirect(url_for(".index"))
    db.session.commit()
    return redirect(url_for(".check", check_id=check.id))


def _load_check(check_id: int) -> RiskCheck:
    check = db.get_or_404(RiskCheck, check_id)
    if not check.can_view(current_user):
        abort(403)
    return check


@bp.route("/belangencheck/<int:check_id>", methods=["GET", "POST"])
@login_required
def check(check_id: int):
    """An open run: the questions (only the politician answers). A completed run: the answers and proposals."""
    check = _load_check(check_id)
    body_kind = check.politician.body.kind
    if check.completed_at is not None:
        return render_template("risk/result.html", check=check, questions=by_code(check.office, body_kind),
                               owner=check.is_owner(current_user))
    questions = questions_for(check.office, body_kind)
    form, errors = AnswersForm(), {}
    if request.method == "POST":
        if not check.can_answer(current_user):
            abort(403)
        if form.validate_on_submit():
            answers = given(request.form, [q.code for q in questions])
            errors = {code: _("Kies ja, nee of weet ik niet.") for code, item in answers.items() if item.value is None}
            if not errors and _save_answers(check, answers):
                return redirect(url_for(".check", check_id=check.id))
    return render_template("risk/questions.html", check=check, questions=questions, form=form, errors=errors,
                           test=objective_test(), approach=approach_question(body_kind),
                           declarations=_declarations(check), may_answer=check.can_answer(current_user))


def _declarations(check: RiskCheck) -> list[Declaration]:
    return linkable_declarations(check.politician) if check.is_owner(current_user) else []


def _save_answers(check: RiskCheck, answers) -> bool:
    try:
        services.answer_check(check, answers, actor=actor())
    except services.RiskError as error:
        refused(error)
        return False
    db.session.commit()
    flash(_("Uw antwoorden zijn opgeslagen. Alleen u, de beoordelaars van uw fractie en de griffie zien ze."),
          "success")
    return True


@bp.route("/mijn/belangencheck/<int:check_id>/voorstel/<int:answer_id>/<kind>", methods=["GET", "POST"])
@login_required
def propose(check_id: int, answer_id: int, kind: str):
    """A catalogue agreement pre-filled from a "ja"; the politician edits it and saves or submits it."""
    check = _load_check(check_id)
    answer = db.get_or_404(RiskAnswer, answer_id)
    if answer.check_id != check.id or kind not in {k.value for k in AgreementKind}:
        abort(404)
    if not check.is_owner(current_user) or answer.answer != AnswerValue.yes:
        abort(403)
    declarations = linkable_declarations(check.politician)
    if not declarations:
        return render_template("agreements/no_declarations.html")
    form = AgreementForm()
    form.set_declarations(declarations)
    if request.method == "GET":
        proposal_for(answer, AgreementKind(kind)).fill(form, declarations)
    if form.validate_on_submit():
        submit = bool(form.save_and_submit.data)
        try:
            agreement = services.make_agreement(answer, actor=actor(), title=form.title.data, text=form.text.data,
                                                declarations=chosen_declarations(form, declarations),
                                                scope=form.scope(), submit=submit)
        except services.RiskError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Afspraak opgeslagen en ter aftekening aangeboden aan uw fractie.") if submit
                  else _("Afspraak opgeslagen als concept."), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    question = by_code(check.office, check.politician.body.kind).get(answer.question)
    return render_template("agreements/form.html", form=form, agreement=None, text_hint=TEXT_HINT,
                           conflict_version=None, proposal_question=question)


# ------------------------------------------------------------------------------------------------ griffie

@bp.get("/beheer/<body_slug>/belangencheck")
@login_required
def griffie_list(body_slug: str):
    """Questions from the check that wait for the griffie ("weet ik niet", an incompatible function)."""
    body = managed_body(body_slug)
    return render_template("risk/griffie.html", body=body,
                           open_answers=queries.questions_for_griffie(body.id, resolved=False),
                           done=queries.questions_for_griffie(body.id, resolved=True)[:50],
                           form=ResolveForm(formdata=None))




@bp.post("/beheer/<body_slug>/belangencheck/<int:answer_id>/afhandelen")
@login_required
def resolve(body_slug: str, answer_id: int):
    """The griffie records how a question was handled."""
    body = managed_body(body_slug)
    answer = db.get_or_404(RiskAnswer, answer_id)
    if answer.check.politician.body_id != body.id:
        abort(404)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".griffie_list", body_slug=body.slug))
    try:
        services.resolve(answer, actor=actor(), resolution=form.resolution.data)
    except services.RiskError as error:
        refused(error)
    else:
        db.session.commit()
        flash(_("Vastgelegd hoe de vraag is afgehandeld."), "success")
    return redirect(url_for(".griffie_list", body_slug=body.slug))

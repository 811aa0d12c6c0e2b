/* Rejected forms: move focus to the error summary so that screen readers read it out and keyboard users start
   there; a link in the summary moves focus to its field (a plain fragment link would only scroll). */
(function () {
  "use strict";
  var summary = document.getElementById("foutmeldingen");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var id = link && decodeURIComponent(link.getAttribute("href").slice(1));
    // A group of radio buttons has no element with the field's own id: its first option has id + "-0".
    var field = id && (document.getElementById(id) || document.getElementById(id + "-0"));
    if (!field) {
      return;
    }
    event.preventDefault();
    // Show the question with the field: the legend of a radio group, otherwise the field's own label.
    var group = field.type === "radio" && field.closest("fieldset");
    var heading = (group && group.querySelector("legend")) || document.querySelector("label[for='" + field.id + "']");
    (heading || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();

/* Declaration form: the income band belongs to a paid position only. Hide it (and clear its value, which the server
   would refuse for an unpaid one) while "Onbetaald" is chosen; without JavaScript it stays visible and the server
   explains. */
(function () {
  "use strict";
  var block = document.querySelector("[data-paid-only]");
  var radios = document.querySelectorAll("input[type=radio][name=paid]");
  if (!block || !radios.length) {
    return;
  }
  function update() {
    var paid = document.querySelector("input[type=radio][name=paid]:checked");
    var show = paid && paid.value === "betaald";
    block.hidden = !show;
    if (!show) {
      var select = block.querySelector("select");
      if (select) {
        select.value = "";
      }
    }
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();

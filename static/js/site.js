// After a refused form, the keyboard's focus goes to the summary of what is wrong, whose
// links lead to each field (templates/form_fields.html).
(function () {
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

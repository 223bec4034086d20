// The donation form's amount: typing an other amount chooses "Other amount"; choosing a preset
// clears the other amount. So what is charged is always what is shown as chosen. Without
// JavaScript the server refuses a preset together with a different other amount.
(function () {
  "use strict";
  document.querySelectorAll("form.donation-form").forEach(function (form) {
    var other = form.querySelector("input[name=amount_other]");
    var radios = form.querySelectorAll("input[name=preset]");
    if (!other || !radios.length) return;
    other.addEventListener("input", function () {
      if (!other.value.trim()) return;
      radios.forEach(function (radio) {
        if (radio.value === "other") radio.checked = true;
      });
    });
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked && radio.value !== "other") other.value = "";
        if (radio.checked && radio.value === "other") other.focus();
      });
    });
  });
})();

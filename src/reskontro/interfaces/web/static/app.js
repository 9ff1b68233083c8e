// Small behaviours without inline scripts (the pages forbid them): confirmations, printing,
// and the language and company pickers that send themselves when changed.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches("select[data-autosubmit]") && field.form) {
    field.form.requestSubmit();
  }
});

// A refused htmx request (403 role or CSRF, 404) swaps nothing; say why instead of staying silent.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
  var message = page.querySelector("[role=alert]");
  window.alert(message ? message.textContent.trim() : xhr.status + " " + xhr.statusText);
});

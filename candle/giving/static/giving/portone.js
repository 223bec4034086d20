// PortOne's browser SDK opens the card window. The result counts only when PortOne's signed
// webhook reaches the server; this page just sends the donor on to the thank-you page.
(function () {
  "use strict";
  var box = document.getElementById("portone-checkout");
  if (!box) { return; }
  var button = document.getElementById("portone-pay");
  var error = document.getElementById("portone-error");
  var d = box.dataset;
  var minor = d.currency === "USD" ? 100 : 1;
  function show(message) { error.textContent = message; error.hidden = false; }
  button.addEventListener("click", function () {
    if (!window.PortOne) { show("PortOne could not be loaded."); return; }
    var request = {
      storeId: d.storeId, channelKey: d.channelKey, paymentId: d.paymentId, orderName: d.orderName,
      totalAmount: Math.round(parseFloat(d.amount) * minor), currency: "CURRENCY_" + d.currency,
      payMethod: "CARD", redirectUrl: new URL(d.redirect, window.location.href).href
    };
    var call = d.monthly === "1"
      ? window.PortOne.requestIssueBillingKeyAndPay(request)
      : window.PortOne.requestPayment(request);
    call.then(function (response) {
      if (response && response.code) { show(response.message || response.code); return; }
      window.location.href = d.redirect;
    });
  });
})();

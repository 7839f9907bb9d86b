// kronika: behaviour that needs no inline script. Nothing here touches article text.
document.addEventListener("htmx:responseError", function (e) {
  var target = document.getElementById("results");
  if (!target) return;
  var p = document.createElement("p");
  p.className = "error";
  var msg = "Request failed (" + e.detail.xhr.status + ")";
  try {
    var doc = new DOMParser().parseFromString(e.detail.xhr.responseText, "text/html");
    var err = doc.querySelector(".error");
    if (err) msg += ": " + err.textContent;
  } catch (_) { /* keep the short message */ }
  p.textContent = msg;
  target.replaceChildren(p);
});

// Swagger UI for /openapi.json, from the vendored swagger-ui-dist (offline).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});

// Swagger UI for our OpenAPI document. Calls made with the page session carry the CSRF token.
(function () {
  var root = document.getElementById("swagger-ui");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec"),
    domNode: root,
    deepLinking: true,
    requestInterceptor: function (req) {
      if (!req.headers.Authorization) { req.headers["X-CSRFToken"] = csrf; }
      return req;
    }
  });
})();

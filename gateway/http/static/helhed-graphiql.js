// Mounts GraphiQL on #graphiql, sending queries to the endpoint named in data-endpoint.
// Kept out of the HTML page so the page needs no inline script.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).toString();
  var defaultQuery = [
    "# Helhed gateway",
    "#",
    "# To call as someone, open Headers below and add, for example:",
    "#   { \"Authorization\": \"Bearer <token>\" }",
    "# In development mode, also add \"x-helhed-plan\": \"1\" to see the query plan",
    "# in the response's extensions.",
    "",
    "query {",
    "  __typename",
    "}",
    ""
  ].join("\n");
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      // Tokens typed into the headers editor are not written to localStorage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: "headers"
    })
  );
})();

/* grantsite: client-side search over the site's search index. Dependency-free, no eval, no
   innerHTML. The rest of the site works without this script; the search box stays hidden then. */
(function () {
  "use strict";

  var MAX_RESULTS = 10;

  function init() {
    var input = document.getElementById("search");
    var results = document.getElementById("search-results");
    if (!input || !results || !window.fetch) return;
    var container = input.closest("[data-search]");
    if (container) container.hidden = false;

    // The page's language gives the messages (data-text-*) and result kinds (data-kind-*).
    function label(name, fallback) {
      var text = container && container.getAttribute("data-" + name);
      return text || fallback;
    }

    var status = document.getElementById("search-status");
    var indexUrl = input.getAttribute("data-index");
    var index = null;
    var loading = null;

    function load() {
      if (index || loading || !indexUrl) return loading;
      loading = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          index = (Array.isArray(data) ? data : []).map(function (item) {
            return {
              title: String(item.title || ""),
              url: String(item.url || ""),
              kind: String(item.kind || ""),
              haystack: (String(item.title || "") + " " + String(item.text || "")).toLowerCase()
            };
          });
          render();
        })
        .catch(function () {
          loading = null;
          say(label("text-unavailable", "Search is unavailable right now."));
        });
      return loading;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    function clear() {
      while (results.firstChild) results.removeChild(results.firstChild);
    }

    function safeUrl(url) {
      // Only follow http(s) or relative links from the index.
      return /^(https?:\/\/|\/|\.|#)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
    }

    function render() {
      clear();
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.length) {
        say("");
        return;
      }
      if (!index) {
        load();
        return;
      }
      var matches = [];
      for (var i = 0; i < index.length && matches.length < MAX_RESULTS; i++) {
        var item = index[i];
        var all = true;
        for (var w = 0; w < words.length; w++) {
          if (item.haystack.indexOf(words[w]) === -1) { all = false; break; }
        }
        if (all && safeUrl(item.url)) matches.push(item);
      }
      if (!matches.length) {
        var none = document.createElement("li");
        none.className = "no-results";
        none.textContent = label("text-none", "No results.");
        results.appendChild(none);
        say(none.textContent);
        return;
      }
      matches.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        if (item.kind) {
          var kind = document.createElement("span");
          kind.className = "result-kind";
          kind.textContent = label("kind-" + item.kind, item.kind);
          a.appendChild(kind);
        }
        a.appendChild(document.createTextNode(item.title || item.url));
        li.appendChild(a);
        results.appendChild(li);
      });
      var count = matches.length === 1
        ? label("text-one", "{n} result.")
        : label("text-other", "{n} results.");
      say(count.replace("{n}", String(matches.length)));
    }

    function reset() {
      input.value = "";
      clear();
      say("");
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        reset();
      } else if (event.key === "ArrowDown" && results.querySelector("a")) {
        event.preventDefault();
        results.querySelector("a").focus();
      }
    });
    results.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        reset();
        input.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

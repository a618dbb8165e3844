/* grantsite: client-side search over the site's split search index (data/search/: a manifest,
   shards of terms, chunks of pages; a query fetches only the files it needs). Dependency-free,
   no eval, no innerHTML. The rest of the site works without this script; the search box stays
   hidden then. */
(function () {
  "use strict";

  var MAX_RESULTS = 10;

  // The search box is built here, not written into every page: it is of use only with this
  // script. The page's language gives its words (data-label, data-placeholder), the messages
  // (data-text-*) and the result kinds (data-kind-*); English is the default.
  function build(container, label) {
    var box = document.createElement("label");
    box.htmlFor = "search";
    box.textContent = label("label", "Search");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = label("placeholder", "Reports, grantees, updates…");
    input.setAttribute("aria-controls", "search-results");
    input.setAttribute("aria-describedby", "search-status");
    var status = document.createElement("p");
    status.id = "search-status";
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var results = document.createElement("ul");
    results.id = "search-results";
    container.append(box, input, status, results);
  }

  function init() {
    var container = document.querySelector("[data-search]");
    if (!container || !window.fetch) return;
    function label(name, fallback) {
      return container.getAttribute("data-" + name) || fallback;
    }
    if (!document.getElementById("search")) build(container, label);
    var input = document.getElementById("search");
    var results = document.getElementById("search-results");
    if (!input || !results) return;
    container.hidden = false;

    var status = document.getElementById("search-status");
    var indexUrl = container.getAttribute("data-index") || input.getAttribute("data-index");
    var manifest = null;
    var loading = null;
    var files = {}; // URL -> promise of its JSON: each file is fetched once
    var latest = 0; // the query being answered; answers to older ones are dropped

    function getJson(url) {
      if (!files[url]) {
        files[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        });
        files[url].catch(function () { delete files[url]; });
      }
      return files[url];
    }

    function sibling(name) {
      return new URL(name, new URL(indexUrl, document.baseURI)).href;
    }

    function load() {
      if (manifest || loading || !indexUrl) return loading;
      loading = getJson(indexUrl)
        .then(function (data) {
          if (!data || data.version !== 1 || !Array.isArray(data.shards)) throw new Error("index");
          manifest = data;
          render();
        })
        .catch(function () {
          loading = null;
          say(label("text-unavailable", "Search is unavailable right now."));
        });
      return loading;
    }

    // Terms as the index has them: lower case, Latin letters folded as the manifest lists,
    // split on anything that is not a letter or digit, short and stop words left out.
    function terms(text) {
      var fold = manifest.fold || {};
      var out = "";
      for (var c of text.toLowerCase()) {
        if (Object.prototype.hasOwnProperty.call(fold, c)) {
          out += fold[c] || " ";
        } else if (/^[\p{Alphabetic}\p{N}]$/u.test(c)) {
          out += /^[\u00c0-\u024f\u1e00-\u1eff\ufb00-\ufb06]$/.test(c)
            ? c.normalize("NFKD").replace(/[^a-z0-9]/g, "") || " "
            : c;
        } else {
          out += " ";
        }
      }
      var stop = manifest.stop || [];
      return out.split(" ").filter(function (w) {
        var n = Array.from(w).length;
        return n >= manifest.min && n <= manifest.max && stop.indexOf(w) === -1;
      });
    }

    // Code-point order, as the index sorts terms (JavaScript compares UTF-16 units).
    function before(a, b) {
      var x = Array.from(a), y = Array.from(b);
      for (var i = 0; i < x.length && i < y.length; i++) {
        if (x[i] !== y[i]) return x[i].codePointAt(0) < y[i].codePointAt(0);
      }
      return x.length < y.length;
    }

    // The shard a term belongs in: the last whose first term is not above it.
    function shardOf(term) {
      var k = 0;
      manifest.shards.forEach(function (first, i) {
        if (first !== null && !before(term, first)) k = i;
      });
      return k;
    }

    function shard(k) {
      return getJson(sibling("terms-" + k + ".json"));
    }

    // Ids from a posting, title matches first: both lists are stored as gaps.
    function ids(posting) {
      var out = [];
      (Array.isArray(posting) ? posting : []).forEach(function (list) {
        var id = 0;
        (Array.isArray(list) ? list : []).forEach(function (gap) {
          id += gap;
          out.push(id);
        });
      });
      return out;
    }

    // Pages holding `word`; with `prefix`, pages holding any term that starts with it, from its
    // shard and the next (a prefix's terms rarely span more).
    function lookup(word, prefix) {
      var k = shardOf(word);
      var wanted = [shard(k)];
      var next = manifest.shards[k + 1];
      if (prefix && typeof next === "string" && next.indexOf(word) === 0) wanted.push(shard(k + 1));
      return Promise.all(wanted).then(function (shards) {
        var found = ids(shards[0][word]);
        if (!prefix) return found;
        var seen = new Set(found);
        shards.forEach(function (terms) {
          Object.keys(terms).forEach(function (term) {
            if (term !== word && term.indexOf(word) === 0) {
              ids(terms[term]).forEach(function (id) {
                if (!seen.has(id)) { seen.add(id); found.push(id); }
              });
            }
          });
        });
        return found;
      });
    }

    // Ids in every list, in the order of the first (the shortest ranks best).
    function intersect(lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var rest = lists.slice(1).map(function (l) { return new Set(l); });
      return lists[0].filter(function (id) {
        return rest.every(function (s) { return s.has(id); });
      });
    }

    function docs(found) {
      var size = manifest.chunk;
      return Promise.all(found.map(function (id) {
        return getJson(sibling("docs-" + Math.floor(id / size) + ".json")).then(function (chunk) {
          var d = Array.isArray(chunk) ? chunk[id % size] : null;
          if (!Array.isArray(d)) return null;
          return { kind: String(d[0] || ""), title: String(d[1] || ""), url: resolve(String(d[2] || "")) };
        });
      }));
    }

    // Paths in the index are relative to the site; anything leaving it is dropped.
    function resolve(path) {
      try {
        var base = new URL(manifest.base, document.baseURI);
        var url = new URL(path, base);
        return url.origin === base.origin && /^https?:$/.test(url.protocol) ? url.href : "";
      } catch (e) {
        return "";
      }
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    function clear() {
      while (results.firstChild) results.removeChild(results.firstChild);
    }

    function render() {
      var query = input.value;
      var asked = ++latest;
      if (!query.trim()) {
        clear();
        say("");
        return;
      }
      if (!manifest) {
        load();
        return;
      }
      var words = terms(query);
      if (!words.length) {
        // Only short or stop words so far: nothing to look up yet.
        clear();
        say("");
        return;
      }
      // The word being typed also matches longer terms.
      var typing = !/\s$/.test(query);
      Promise.all(words.map(function (w, i) { return lookup(w, typing && i === words.length - 1); }))
        .then(function (lists) {
          var found = intersect(lists);
          return docs(found.slice(0, MAX_RESULTS)).then(function (items) {
            if (asked === latest) show(items.filter(function (d) { return d && d.url; }));
          });
        })
        .catch(function () {
          if (asked === latest) say(label("text-unavailable", "Search is unavailable right now."));
        });
    }

    function show(matches) {
      clear();
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
      latest++;
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

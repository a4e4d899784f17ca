(function () {
  "use strict";
  var D = window.FLAME, N = D.p.length, H = 17, MIN_LABEL = 24;
  var chart = document.getElementById("chart"), details = document.getElementById("details");
  var found = document.getElementById("found"), search = document.getElementById("search");
  var depth = new Int32Array(N), maxDepth = 0, i;
  for (i = 1; i < N; i++) {
    depth[i] = depth[D.p[i]] + 1;
    if (depth[i] > maxDepth) { maxDepth = depth[i]; }
  }
  chart.style.height = ((maxDepth + 1) * H) + "px";
  var boxes = new Array(N), frag = document.createDocumentFragment();
  for (i = 0; i < N; i++) {
    var b = document.createElement("div");
    b.className = "b";
    b.style.top = (depth[i] * H) + "px";
    b.style.background = D.c[i];
    b.title = D.t[i];
    b.setAttribute("data-i", i);
    frag.appendChild(b);
    boxes[i] = b;
  }
  chart.appendChild(frag);
  var zoom = 0, matches = null;

  function layout() {
    var W = chart.clientWidth, x0 = D.x[zoom], w0 = D.w[zoom] || 1, end = D.e[zoom];
    for (var j = 0; j < N; j++) {
      var box = boxes[j], left, width;
      if (j >= zoom && j < end) {
        left = (D.x[j] - x0) / w0 * W; width = D.w[j] / w0 * W;
        box.classList.remove("anc");
      } else if (j < zoom && D.e[j] > zoom) {
        left = 0; width = W;
        box.classList.add("anc");
      } else {
        box.style.display = "none";
        continue;
      }
      box.style.display = "";
      box.style.left = left + "px";
      box.style.width = width + "px";
      var label = width >= MIN_LABEL ? (j === 0 ? D.root : D.n[j]) : "";
      if (box.textContent !== label) { box.textContent = label; }
    }
    if (location.hash.indexOf("measure") >= 0) { measure(W); }
  }

  function measure(W) {
    var out = document.getElementById("measured"), base = chart.getBoundingClientRect(), lines = ["W " + W];
    for (var j = 0; j < N; j++) {
      if (boxes[j].style.display === "none") { continue; }
      var r = boxes[j].getBoundingClientRect();
      lines.push(j + " " + (r.left - base.left) + " " + r.width + " " + (r.top - base.top));
    }
    out.textContent = lines.join("\n");
  }

  /** The last k characters of node j's path, from the names upwards (a 10,000-deep path is never built). */
  function tail(j, k) {
    var s = "";
    while (j > 0 && s.length < k) { s = "/" + D.n[j] + s; j = D.p[j]; }
    if (j === 0 && s.length < k) { s = (D.root === "/" ? "" : D.root) + s; }
    return s.length > k ? s.substring(s.length - k) : s;
  }

  function find(text) {
    var q = text.toLowerCase();
    matches = null;
    if (q.length > 0) {
      matches = new Uint8Array(N);
      matches[0] = D.root.toLowerCase().indexOf(q) >= 0 ? 1 : 0;
      for (var j = 1; j < N; j++) {
        // a path contains q if its parent's does, or in what its own name adds (with the q.length-1 before it)
        matches[j] = matches[D.p[j]] || (tail(D.p[j], q.length - 1) + "/" + D.n[j]).toLowerCase().indexOf(q) >= 0 ?
          1 : 0;
      }
    }
    var count = 0, sum = 0;
    for (var m = 0; m < N; m++) {
      var hit = matches !== null && matches[m] === 1;
      boxes[m].classList.toggle("hit", hit);
      if (hit) {
        count++;
        if (m === 0 || matches[D.p[m]] === 0) { sum += D.v[m]; }
      }
    }
    found.textContent = matches === null ? "" : count + (count === 1 ? " cgroup matches, " : " cgroups match, ") +
      (D.v[0] > 0 ? (100 * sum / D.v[0]).toFixed(1) : "0.0") + "% of the root";
  }

  function setZoom(j) {
    zoom = j >= 0 && j < N ? j : 0;
    layout();
  }

  chart.addEventListener("click", function (ev) {
    var t = ev.target.closest(".b");
    if (t !== null) {
      setZoom(+t.getAttribute("data-i"));
      history.replaceState(null, "", "#zoom=" + zoom + (search.value ? "&search=" + encodeURIComponent(search.value) : ""));
    }
  });
  chart.addEventListener("mouseover", function (ev) {
    var t = ev.target.closest(".b");
    if (t !== null) { details.textContent = D.t[+t.getAttribute("data-i")]; }
  });
  search.addEventListener("input", function () { find(search.value); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    find("");
    setZoom(0);
    history.replaceState(null, "", location.pathname);
  });
  window.addEventListener("resize", layout);

  var hash = location.hash.substring(1).split("&");
  for (var h = 0; h < hash.length; h++) {
    var kv = hash[h].split("=");
    if (kv[0] === "zoom") { zoom = Math.max(0, Math.min(N - 1, parseInt(kv[1], 10) || 0)); }
    if (kv[0] === "search") {
      try { search.value = decodeURIComponent(kv[1] || ""); } catch (e) { search.value = kv[1] || ""; }
    }
  }
  details.textContent = D.t[zoom];
  layout();
  if (search.value) { find(search.value); }
})();

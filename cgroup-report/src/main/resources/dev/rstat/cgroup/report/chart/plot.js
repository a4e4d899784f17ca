(function () {
  "use strict";
  var P = window.PLOT, H = 300, L = 72, R = 12, T = 10, B = 28, NS = "http://www.w3.org/2000/svg";
  var stacked = location.hash.indexOf("stacked") >= 0;
  var hidden = P.charts.map(function (c) { return c.lines.map(function () { return false; }); });

  function fmt(v, unit) {
    if (unit === "bytes") {
      var u = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], i = 0;
      while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
      return (Math.round(v * 10) / 10) + " " + u[i];
    }
    if (unit === "percent") { return (Math.round(v * 10) / 10) + "%"; }
    return Math.abs(v) >= 1e4 ? v.toExponential(1) : String(Math.round(v * 100) / 100);
  }

  function nice(max, unit) {
    if (!(max > 0)) { return 1; }
    var base = unit === "bytes" ? Math.pow(1024, Math.floor(Math.log(max) / Math.log(1024))) : 1;
    var m = max / base, p = Math.pow(10, Math.floor(Math.log(m) / Math.LN10)), f = m / p;
    var n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return n * p * base;
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var a in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, a)) { e.setAttribute(a, attrs[a]); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function time(ms) { return new Date(P.t0 + ms).toISOString().substring(11, 19); }

  function draw(k) {
    var c = P.charts[k], box = document.getElementById("chart" + k), W = Math.max(box.clientWidth, 300);
    var pw = W - L - R, ph = H - T - B, n = P.t.length, tmax = n > 1 ? P.t[n - 1] : 1;
    var svg = box.querySelector("svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("height", H);
    var stack = new Array(n), lows = [], highs = [], max = 0, s, t, v;
    for (t = 0; t < n; t++) { stack[t] = 0; }
    c.lines.forEach(function (line, s2) {
      lows[s2] = null; highs[s2] = null;
      if (hidden[k][s2]) { return; }
      if (stacked && line.kind !== "TOTAL") {
        lows[s2] = stack.slice();
        for (var u = 0; u < n; u++) { stack[u] += line.v[u] === null ? 0 : line.v[u]; }
        highs[s2] = stack.slice();
        for (u = 0; u < n; u++) { max = Math.max(max, stack[u]); }
      } else {
        highs[s2] = line.v;
        for (u = 0; u < n; u++) { if (line.v[u] !== null) { max = Math.max(max, line.v[u]); } }
      }
    });
    var ymax = nice(max, c.unit);
    svg.setAttribute("data-ymax", ymax);
    svg.setAttribute("data-y0", T + ph);
    svg.setAttribute("data-ph", ph);
    svg.setAttribute("data-x0", L);
    svg.setAttribute("data-pw", pw);
    function X(ms) { return L + ms / tmax * pw; }
    function Y(val) { return T + ph - val / ymax * ph; }
    for (var g = 0; g <= 4; g++) {
      var gv = ymax * g / 4, gy = Y(gv);
      el("line", {x1: L, x2: L + pw, y1: gy, y2: gy, "class": "grid"}, svg);
      el("text", {x: L - 6, y: gy + 3, "text-anchor": "end", "class": "axis"}, svg).textContent = fmt(gv, c.unit);
    }
    var ticks = Math.min(6, n);
    for (var xt = 0; xt < ticks; xt++) {
      var ti = ticks === 1 ? 0 : Math.round(xt * (n - 1) / (ticks - 1));
      el("text", {x: X(P.t[ti]), y: H - 8, "text-anchor": xt === 0 ? "start" : xt === ticks - 1 ? "end" : "middle",
        "class": "axis"}, svg).textContent = time(P.t[ti]);
    }
    el("line", {x1: L, x2: L + pw, y1: T + ph, y2: T + ph, stroke: "#888"}, svg);
    for (s = c.lines.length - 1; s >= 0; s--) {
      var line = c.lines[s];
      if (highs[s] === null) { continue; }
      var d = "", pen = false;
      if (lows[s] !== null) {
        for (t = 0; t < n; t++) { d += (t === 0 ? "M" : " L") + X(P.t[t]) + " " + Y(highs[s][t]); }
        for (t = n - 1; t >= 0; t--) { d += " L" + X(P.t[t]) + " " + Y(lows[s][t]); }
        d += " Z";
        el("path", {d: d, fill: line.color, "fill-opacity": 0.75, stroke: line.color, "data-s": s}, svg)
          .appendChild(el("title", {})).textContent = line.label;
        continue;
      }
      for (t = 0; t < n; t++) {
        v = highs[s][t];
        if (v === null) { pen = false; continue; }
        d += (pen ? " L" : (d ? " M" : "M")) + X(P.t[t]) + " " + Y(v);
        pen = true;
      }
      el("path", {d: d, fill: "none", stroke: line.color, "stroke-width": line.kind === "TOTAL" ? 1.5 : 2,
        "stroke-dasharray": line.kind === "TOTAL" ? "5 3" : "none", "data-s": s}, svg)
        .appendChild(el("title", {})).textContent = line.label;
    }
  }

  function drawAll() { for (var k = 0; k < P.charts.length; k++) { draw(k); } }

  P.charts.forEach(function (c, k) {
    var ul = document.getElementById("legend" + k);
    c.lines.forEach(function (line, s) {
      var li = document.createElement("li"), sw = document.createElement("span");
      sw.className = "sw";
      sw.style.background = line.color;
      li.appendChild(sw);
      li.appendChild(document.createTextNode(line.label + " \u2014 mean " + (line.mean === null ? "-" : fmt(line.mean, c.unit))));
      li.setAttribute("data-s", s);
      li.title = "click to hide or show";
      li.addEventListener("click", function () {
        hidden[k][s] = !hidden[k][s];
        li.classList.toggle("off", hidden[k][s]);
        draw(k);
      });
      ul.appendChild(li);
    });
  });
  var lines = document.getElementById("mode-lines"), areas = document.getElementById("mode-areas");
  function mode(value) {
    stacked = value;
    lines.classList.toggle("on", !stacked);
    areas.classList.toggle("on", stacked);
    drawAll();
  }
  lines.addEventListener("click", function () { mode(false); });
  areas.addEventListener("click", function () { mode(true); });
  window.addEventListener("resize", drawAll);
  mode(stacked);
})();

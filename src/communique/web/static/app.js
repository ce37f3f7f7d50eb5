/* communique dashboard: timeline, network and article highlights. Vanilla JS, no
   dependencies, no network. Text is only ever set with textContent, never as HTML. */
"use strict";
var communique = (function () {
  var SVG = "http://www.w3.org/2000/svg";
  var COOPERATIVE = ["consult", "agree", "propose", "support", "aid", "release"];
  var DAY = 86400000;

  function el(name, attrs, parent, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function tone(type) { return COOPERATIVE.indexOf(type) >= 0 ? "coop" : "conf"; }
  function day(text) { return Date.parse(text.slice(0, 10) + "T00:00:00Z"); }

  function ticks(t0, t1) {
    var span = (t1 - t0) / DAY, out = [], d = new Date(t0), step;
    d.setUTCHours(0, 0, 0, 0);
    if (span <= 21) { step = "day"; }
    else if (span <= 120) { step = "week"; }
    else if (span <= 1100) { step = "month"; d.setUTCDate(1); }
    else { step = "year"; d.setUTCDate(1); d.setUTCMonth(0); }
    if (step === "week") { d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); }
    while (d.getTime() <= t1 && out.length < 400) {
      if (d.getTime() >= t0) { out.push(new Date(d.getTime())); }
      if (step === "day") { d.setUTCDate(d.getUTCDate() + 1); }
      else if (step === "week") { d.setUTCDate(d.getUTCDate() + 7); }
      else if (step === "month") { d.setUTCMonth(d.getUTCMonth() + 1); }
      else { d.setUTCFullYear(d.getUTCFullYear() + 1); }
    }
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return out.map(function (t) {
      var label = step === "year" ? String(t.getUTCFullYear())
        : step === "month" ? months[t.getUTCMonth()] + " " + t.getUTCFullYear()
        : t.getUTCDate() + " " + months[t.getUTCMonth()];
      return { t: t.getTime(), label: label };
    });
  }

  /* A zoomable timeline: one lane per initiative or actor, one dot per event. */
  function timeline(containerId, dataId) {
    var box = document.getElementById(containerId), data = readData(dataId);
    if (!box || !data) { return; }
    var items = data.items.filter(function (i) { return i.date; });
    var steps = (data.steps || []).filter(function (s) { return s.date; });
    if (!items.length && !steps.length) { box.textContent = "No dated events to draw."; return; }
    var lanes = data.lanes, labelW = 190, laneH = 34, top = 30;
    var width = Math.max(box.clientWidth, 600), height = top + lanes.length * laneH + 10;
    var min = day(data.start) - 2 * DAY, max = day(data.end) + 2 * DAY;
    var view = [min, max];
    var svg = el("svg", { width: width, height: height, "class": "tl", role: "img",
                          "aria-label": "timeline of events" }, box);
    var clipId = "tl-clip";
    var defs = el("defs", {}, svg);
    var clip = el("clipPath", { id: clipId }, defs);
    el("rect", { x: labelW, y: 0, width: width - labelW, height: height }, clip);
    lanes.forEach(function (lane, n) {
      var y = top + n * laneH;
      el("rect", { x: 0, y: y, width: width, height: laneH, "class": n % 2 ? "lane odd" : "lane" }, svg);
      var label = el("text", { x: 8, y: y + laneH / 2 + 4, "class": "lane-label" }, svg,
                     lane.length > 28 ? lane.slice(0, 27) + "…" : lane);
      el("title", {}, label, lane);
    });
    var axis = el("g", { "clip-path": "url(#" + clipId + ")" }, svg);
    var dots = el("g", { "clip-path": "url(#" + clipId + ")" }, svg);
    function x(t) { return labelW + (t - view[0]) / (view[1] - view[0]) * (width - labelW - 10); }
    function draw() {
      while (axis.firstChild) { axis.removeChild(axis.firstChild); }
      while (dots.firstChild) { dots.removeChild(dots.firstChild); }
      ticks(view[0], view[1]).forEach(function (tick) {
        var tx = x(tick.t);
        el("line", { x1: tx, x2: tx, y1: top - 6, y2: height, "class": "tick" }, axis);
        el("text", { x: tx + 3, y: top - 10, "class": "tick-label" }, axis, tick.label);
      });
      steps.forEach(function (step) {
        var n = lanes.indexOf(step.lanes[0]);
        if (n < 0) { return; }
        var cx = x(day(step.date)), cy = top + n * laneH + laneH / 2;
        var a = el("a", { href: step.href || "#" }, dots);
        var mark = el("rect", { x: cx - 6, y: cy - 6, width: 12, height: 12,
          transform: "rotate(45 " + cx + " " + cy + ")", "class": "step st-" + step.status }, a);
        el("title", {}, mark, step.date + " · " + step.label);
      });
      items.forEach(function (item) {
        item.lanes.forEach(function (lane) {
          var n = lanes.indexOf(lane);
          if (n < 0) { return; }
          var a = el("a", { href: item.href || "#" }, dots);
          var dot = el("circle", { cx: x(day(item.date)), cy: top + n * laneH + laneH / 2,
            r: 4 + Math.min(5, (item.n_sources || 1) - 1) * 1.5,
            "class": "dot " + tone(item.type) + (item.modality && item.modality !== "asserted" ? " unreal" : "") }, a);
          el("title", {}, dot, item.date + " · " + item.label + " (" + (item.n_sources || 0) + " sources)");
        });
      });
    }
    function zoom(factor, at) {
      var t = view[0] + (at - labelW) / (width - labelW - 10) * (view[1] - view[0]);
      var span = Math.max(3 * DAY, Math.min((max - min) * 4, (view[1] - view[0]) * factor));
      var left = (t - view[0]) / (view[1] - view[0]);
      view = [t - span * left, t - span * left + span];
      draw();
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var rect = svg.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, ev.clientX - rect.left);
    }, { passive: false });
    var dragFrom = null;
    svg.addEventListener("mousedown", function (ev) { dragFrom = [ev.clientX, view.slice()]; });
    window.addEventListener("mouseup", function () { dragFrom = null; });
    window.addEventListener("mousemove", function (ev) {
      if (!dragFrom) { return; }
      var shift = (ev.clientX - dragFrom[0]) / (width - labelW - 10) * (dragFrom[1][1] - dragFrom[1][0]);
      view = [dragFrom[1][0] - shift, dragFrom[1][1] - shift];
      draw();
    });
    document.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var mid = labelW + (width - labelW) / 2, how = button.getAttribute("data-zoom");
        if (how === "reset") { view = [min, max]; draw(); }
        else { zoom(how === "in" ? 0.6 : 1.6, mid); }
      });
    });
    draw();
  }

  /* The actor network: a small force layout, edges coloured by their events' tone. */
  function network(containerId, dataId) {
    var box = document.getElementById(containerId), data = readData(dataId);
    if (!box || !data) { return; }
    if (!data.nodes.length) { box.textContent = "No typed events between named actors."; return; }
    var width = Math.max(box.clientWidth, 600), height = Math.min(760, 360 + data.nodes.length * 8), cx = width / 2, cy = height / 2;
    var index = {}, nodes = data.nodes.map(function (n, i) {
      var angle = 2 * Math.PI * i / data.nodes.length;
      index[n.id] = i;
      return { id: n.id, href: n.href, events: n.events, x: cx + 200 * Math.cos(angle), y: cy + 200 * Math.sin(angle), vx: 0, vy: 0 };
    });
    var edges = data.edges.map(function (e) {
      return { s: nodes[index[e.source]], t: nodes[index[e.target]], e: e };
    });
    /* Fruchterman-Reingold: repulsion k²/d between all nodes, attraction d²/k along edges,
       a pull to the centre so unconnected groups stay in view, and a cooling step size. */
    var k = Math.sqrt(width * height / nodes.length) * 0.55, temp = width / 8;
    for (var step = 0; step < 300; step++) {
      nodes.forEach(function (n) {
        var dx = cx - n.x, dy = cy - n.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = d * d / k * 0.6;
        n.vx = dx / d * f; n.vy = dy / d * f;
      });
      nodes.forEach(function (a, i) {
        for (var j = i + 1; j < nodes.length; j++) {
          var b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
          var f = k * k / d;
          a.vx += dx / d * f; a.vy += dy / d * f; b.vx -= dx / d * f; b.vy -= dy / d * f;
        }
      });
      edges.forEach(function (l) {
        var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        var f = d * d / k;
        l.s.vx += dx / d * f; l.s.vy += dy / d * f; l.t.vx -= dx / d * f; l.t.vy -= dy / d * f;
      });
      nodes.forEach(function (n) {
        var len = Math.max(Math.sqrt(n.vx * n.vx + n.vy * n.vy), 0.01), move = Math.min(len, temp);
        n.x = Math.max(70, Math.min(width - 70, n.x + n.vx / len * move));
        n.y = Math.max(30, Math.min(height - 20, n.y + n.vy / len * move));
      });
      temp = Math.max(1, temp * 0.97);
    }
    var svg = el("svg", { width: width, height: height, "class": "net", role: "img",
                          "aria-label": "network of actors" }, box);
    var defs = el("defs", {}, svg);
    ["coop", "conf"].forEach(function (kind) {
      var marker = el("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": "arrow " + kind }, marker);
    });
    edges.forEach(function (l) {
      var kind = l.e.cooperative >= l.e.conflictual ? "coop" : "conf";
      var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var back = 7 + Math.sqrt(l.t.events) * 2;   /* stop the arrow at the target's rim */
      var line = el("line", { x1: l.s.x, y1: l.s.y, x2: l.t.x - dx / d * back, y2: l.t.y - dy / d * back,
        "class": "edge " + kind,
        "stroke-width": 1 + Math.min(6, l.e.count), "marker-end": "url(#arrow-" + kind + ")" }, svg);
      var types = Object.keys(l.e.types).map(function (t) { return t + " " + l.e.types[t]; }).join(", ");
      el("title", {}, line, l.e.source + " → " + l.e.target + ": " + types);
    });
    nodes.forEach(function (n) {
      var a = el("a", { href: n.href || "/timeline?by=actor&actor=" + encodeURIComponent(n.id) }, svg);
      el("circle", { cx: n.x, cy: n.y, r: 5 + Math.sqrt(n.events) * 2, "class": "node" }, a);
      el("text", { x: n.x, y: n.y - 9 - Math.sqrt(n.events) * 2, "class": "node-label" }, a, n.id);
    });
  }

  /* The article view: a fact in the side panel lights up its words in the text. */
  function article(textId) {
    var text = document.getElementById(textId);
    if (!text) { return; }
    function light(ref, scroll) {
      text.querySelectorAll(".hl.active").forEach(function (n) { n.classList.remove("active"); });
      document.querySelectorAll(".facts-panel a.active").forEach(function (n) { n.classList.remove("active"); });
      var first = null;
      text.querySelectorAll(".hl").forEach(function (n) {
        if ((n.getAttribute("data-refs") || "").split(" ").indexOf(ref) >= 0) {
          n.classList.add("active");
          first = first || n;
        }
      });
      var entry = document.querySelector('.facts-panel a[data-ref="' + ref + '"]');
      if (entry) { entry.classList.add("active"); }
      if (first && scroll) { first.scrollIntoView({ block: "center" }); }
    }
    document.querySelectorAll(".facts-panel a[data-ref]").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        light(link.getAttribute("data-ref"), true);
        history.replaceState(null, "", "#" + link.getAttribute("data-ref"));
      });
    });
    text.addEventListener("click", function (ev) {
      var node = ev.target.closest ? ev.target.closest(".hl") : null;
      if (!node) { return; }
      var refs = (node.getAttribute("data-refs") || "").split(" ").filter(function (r) { return r && r !== "mark"; });
      if (!refs.length) { return; }
      light(refs[refs.length - 1], false);
      var entry = document.querySelector('.facts-panel a[data-ref="' + refs[refs.length - 1] + '"]');
      if (entry) { entry.scrollIntoView({ block: "nearest" }); }
    });
    document.querySelectorAll(".toggles input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      });
    });
    var hash = decodeURIComponent(location.hash.slice(1));
    var mark = text.querySelector(".k-mark");
    if (/^(actor|event|quote|timex)-\d+$/.test(hash)) { light(hash, true); }
    else if (mark) { mark.scrollIntoView({ block: "center" }); }
  }

  /* Start what the page holds (no inline script: the pages' CSP allows only this file). */
  function start() {
    if (document.getElementById("timeline-data")) { timeline("timeline", "timeline-data"); }
    if (document.getElementById("network-data")) { network("network", "network-data"); }
    if (document.getElementById("text")) { article("text"); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }

  return { timeline: timeline, network: network, article: article };
})();

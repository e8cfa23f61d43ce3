/* 双随 home pages: draw each chart from its <script type="application/json"> block (the CSP
   allows no inline code) with the vendored ECharts. A bar or point carries the link of the
   list of the rows it counts (or of the place on the page that lists them); clicking it opens
   it. Tooltips are drawn in the canvas (renderMode "richText"): HTML tooltips would need
   inline styles, which the CSP refuses.
   The tables beside the charts hold the same figures, so the page works without this file. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") { return; }
  var TONES = { ok: "#1e7d32", bad: "#b3261e" };
  var PALETTE = ["#0b5cad", "#b44d12", "#6b7f99", "#1e7d32", "#8e44ad"];

  function read(id) {
    var block = document.getElementById(id);
    if (!block) { return null; }
    try { return JSON.parse(block.textContent); } catch (e) { return null; }
  }

  function narrow() { return window.matchMedia("(max-width: 720px)").matches; }

  function seriesOf(spec) {
    return spec.series.map(function (s, i) {
      var out = {
        name: s.name, type: s.type, yAxisIndex: s.axis || 0, cursor: "pointer",
        data: s.data.map(function (p) {
          var d = { value: p.value, href: p.href || null };
          if (p.label) {  // e.g. met or missed, in the colour that says which
            d.label = { show: true, position: "top", formatter: p.label, color: TONES[p.tone] || "#1f2933" };
          }
          return d;
        })
      };
      if (s.stack) { out.stack = s.stack; }
      if (s.type === "line") { out.symbolSize = 8; out.connectNulls = false; }
      if (i === 0 && spec.line !== null && spec.line !== undefined) {
        out.markLine = {
          silent: true, symbol: "none", data: [{ yAxis: spec.line }],
          lineStyle: { color: TONES.bad, type: "dashed", width: 2 },
          label: { formatter: spec.line_label || String(spec.line), position: "insideEndTop" }
        };
      }
      return out;
    });
  }

  function option(spec) {
    var line = spec.line;
    var axes = (spec.axes && spec.axes.length ? spec.axes : [""]).map(function (name, i) {
      var axis = { type: "value", name: name, position: i ? "right" : "left", minInterval: i ? 0 : 1,
                   splitLine: { show: i === 0 } };
      if (i === 0 && line !== null && line !== undefined) {  // the requirement stays in sight
        axis.max = function (range) { return Math.ceil(Math.max(range.max, line) * 1.15 / 10) * 10; };
      }
      return axis;
    });
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" },
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      legend: { top: 0, type: "scroll" },
      grid: { left: spec.rotate ? 32 : 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories,
               axisLabel: { interval: 0, rotate: spec.rotate || narrow() ? 40 : 0, hideOverlap: true,
                            width: 84, overflow: "truncate" } },
      yAxis: axes,
      series: seriesOf(spec)
    };
  }

  function draw(box) {
    var spec = read(box.getAttribute("data-chart"));
    if (!spec) { return; }
    box.classList.add("live");  // the box takes its height only when there is a chart to draw
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    chart.on("click", function (params) {
      var href = params.data && params.data.href;
      if (href) { window.location.assign(href); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < boxes.length; i++) { draw(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());

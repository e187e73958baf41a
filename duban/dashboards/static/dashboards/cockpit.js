/* The cockpit's charts: ECharts options come from the page (json_script "cockpit-charts"),
 * built on the server; this file only draws them, follows a clicked element to the tasks
 * behind it, turns animation off for printing, and copies a data table as tab-separated text. */
(function () {
  "use strict";

  var charts = [];
  var settled = 0;
  var printing = window.matchMedia ? window.matchMedia("print") : null;
  var reduceMotion = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)").matches
    : false;

  // A scatter point is [time share, completion, task id, 序号].
  function scatterTooltip(params) {
    var v = params.value || [];
    return "序号" + echarts.format.encodeHTML(String(v[3])) + "(" + params.seriesName +
      ")<br>完成率 " + Number(v[1]).toFixed(1) + "%,序时进度 " + Number(v[0]).toFixed(1) + "%";
  }

  // The task list behind a clicked element: the server says which query value the element's
  // category (data index) and its series (status) stand for, or which task page it opens.
  function linkFor(links, params) {
    if (!links || params.componentType !== "series") { return null; }
    if (links.kind === "task") {
      var id = links.ids ? links.ids[params.dataIndex] : (params.value || [])[2];
      return id === undefined || id === null ? null : links.template.replace("{id}", id);
    }
    var url = new URL(links.base, window.location.href);
    if (links.x) { url.searchParams.set(links.x.param, links.x.values[params.dataIndex]); }
    if (links.series) {
      url.searchParams.set(links.series.param, links.series.values[params.seriesIndex]);
    }
    return url.pathname + url.search;
  }

  function draw() {
    var source = document.getElementById("cockpit-charts");
    if (!source || typeof echarts === "undefined") { return; }
    var specs = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.getAttribute("data-chart")];
      if (!spec) { return; }
      element.style.height = spec.height + "px";
      var option = spec.option;
      option.animation = !reduceMotion && !(printing && printing.matches);
      if (element.getAttribute("data-chart") === "scatter") {
        option.tooltip.formatter = scatterTooltip;
      }
      // SVG keeps the charts sharp on paper and in screenshots.
      var chart = echarts.init(element, null, { renderer: "svg", locale: "ZH" });
      chart.setOption(option);
      chart.on("click", function (params) {
        var href = linkFor(spec.links, params);
        if (href) { window.location.href = href; }
      });
      // "finished": drawn and done animating; pages (and screenshots) can rely on the layout.
      chart.on("finished", function onFinished() {
        chart.off("finished", onFinished);
        settled += 1;
        if (settled === charts.length) {
          document.documentElement.setAttribute("data-charts-settled", String(settled));
        }
      });
      charts.push(chart);
    });
    document.documentElement.setAttribute("data-charts-ready", String(charts.length));
  }

  function forPrint() {
    charts.forEach(function (chart) {
      chart.setOption({ animation: false });
      chart.resize();
    });
  }

  function afterPrint() {
    charts.forEach(function (chart) { chart.resize(); });
  }

  if (printing) {
    var onChange = function (event) { if (event.matches) { forPrint(); } else { afterPrint(); } };
    if (printing.addEventListener) { printing.addEventListener("change", onChange); }
    else if (printing.addListener) { printing.addListener(onChange); }
  }
  window.addEventListener("beforeprint", forPrint);
  window.addEventListener("afterprint", afterPrint);

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(afterPrint, 150);
  });

  function tableText(table) {
    var lines = [];
    if (table.caption) { lines.push(table.caption.innerText.trim()); }
    table.querySelectorAll("tr").forEach(function (row) {
      var cells = [];
      row.querySelectorAll("th, td").forEach(function (cell) {
        cells.push(cell.innerText.replace(/\s+/g, " ").trim());
      });
      lines.push(cells.join("\t"));
    });
    return lines.join("\n");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Intranet pages are often plain http, where the clipboard API is unavailable.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (button) {
      var table = document.getElementById(button.getAttribute("data-copy"));
      if (!table) { return; }
      var label = button.textContent;
      copyText(tableText(table)).then(function () {
        button.textContent = "已复制";
      }, function () {
        button.textContent = "复制失败,请手动选择表格";
      }).then(function () {
        setTimeout(function () { button.textContent = label; }, 2000);
      });
      return;
    }
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());

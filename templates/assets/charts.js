// evalbook charts: draws the ECharts charts of a page in the page's own
// colours. It is loaded with defer after echarts.min.js; each chart's
// inline script calls evalbookChart on DOMContentLoaded, which fires after
// both have run.
//
// Colours in a chart's options are written "var(--name)" and are replaced
// here by the current value of that CSS custom property of the page
// (style.css defines them for light and dark schemes). Text, axes, grid
// lines, legends, tooltips and the series palette come from a theme built
// from the same properties. When the colour scheme changes, every chart is
// drawn again; when the window is resized, every chart follows its
// container's width.
(function () {
  'use strict';
  var drawn = [];
  var varRE = /^var\((--[A-Za-z0-9-]+)\)$/;

  // resolve returns a copy of v with every "var(--name)" string replaced
  // by the property's value; functions, numbers and other strings are kept.
  function resolve(v, css) {
    if (typeof v === 'string') {
      var m = varRE.exec(v);
      return m ? (css.getPropertyValue(m[1]).trim() || v) : v;
    }
    if (Array.isArray(v)) {
      return v.map(function (x) { return resolve(x, css); });
    }
    if (v && typeof v === 'object') {
      var o = {};
      Object.keys(v).forEach(function (k) { o[k] = resolve(v[k], css); });
      return o;
    }
    return v;
  }

  // theme returns the ECharts theme of the page's current colours.
  function theme(css) {
    var get = function (name) { return css.getPropertyValue(name).trim(); };
    var text = get('--chart-text'), axis = get('--chart-axis'), grid = get('--chart-grid');
    var axisStyle = {
      axisLine: { lineStyle: { color: axis } },
      axisTick: { lineStyle: { color: axis } },
      axisLabel: { color: text },
      splitLine: { lineStyle: { color: grid } },
      nameTextStyle: { color: text }
    };
    var palette = [];
    for (var i = 1; i <= 7; i++) { palette.push(get('--chart-' + i)); }
    return {
      color: palette,
      backgroundColor: 'transparent',
      textStyle: { color: text },
      title: { textStyle: { color: text } },
      legend: { textStyle: { color: text }, pageTextStyle: { color: text }, pageIconColor: text, pageIconInactiveColor: axis },
      tooltip: { backgroundColor: get('--bg'), borderColor: get('--line'), textStyle: { color: get('--fg') } },
      categoryAxis: axisStyle,
      valueAxis: axisStyle,
      visualMap: { textStyle: { color: text } }
    };
  }

  function draw(c) {
    var css = getComputedStyle(document.documentElement);
    echarts.registerTheme('evalbook', theme(css));
    var chart = echarts.init(c.el, 'evalbook', { renderer: 'canvas' });
    chart.setOption(resolve(c.option, css));
    if (c.after) { c.after(chart); }
  }

  function redraw() {
    drawn.forEach(function (c) { echarts.dispose(c.el); draw(c); });
  }

  function resize() {
    drawn.forEach(function (c) {
      var chart = echarts.getInstanceByDom(c.el);
      if (chart) { chart.resize(); }
    });
  }

  // evalbookChart draws option into the element el and then calls after
  // with the chart (to add click handlers, say).
  window.evalbookChart = function (el, option, after) {
    if (!el || typeof echarts === 'undefined') { return; }
    var c = { el: el, option: option, after: after };
    drawn.push(c);
    draw(c);
  };

  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  if (window.matchMedia) {
    var dark = window.matchMedia('(prefers-color-scheme: dark)');
    if (dark.addEventListener) { dark.addEventListener('change', redraw); } else if (dark.addListener) { dark.addListener(redraw); }
  }
}());

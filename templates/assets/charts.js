// evalbook charts: draws the ECharts charts of a page in the page's own
// colours. It is loaded with defer after echarts.min.js. A chart is an
// element and, after it, its options as a JSON block,
// <script type="application/json" data-chart="ID">, which the browser
// never runs (pages carry a Content-Security-Policy without
// 'unsafe-inline'); on DOMContentLoaded this script reads every block and
// draws its chart into the element with id ID.
//
// The options are plain JSON. Where ECharts takes a function (a tooltip's
// formatter or valueFormatter, a label's formatter), they hold a name of
// the table formatters below, "evalbook:bandTooltip" and so on, which is
// replaced by that function; no code comes from a page. A click on a data
// item that carries a link (a relative path, checked when the site was
// built) opens it.
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

  // num writes a number with four significant digits but never drops
  // integer digits, and "-" for a missing value.
  function num(v) {
    if (typeof v !== 'number' || !isFinite(v)) { return '-'; }
    var a = Math.abs(v);
    var d = a > 0 ? 3 - Math.floor(Math.log10(a)) : 0;
    d = Math.min(Math.max(d, 0), 12);
    return String(+v.toFixed(d));
  }

  function esc(s) { return echarts.format.encodeHTML(s == null ? '' : String(s)); }

  // formatters are the functions a chart's options name (see package
  // chart, formatter.go). Every text from the data is escaped.
  var formatters = {
    // A value in a tooltip.
    'evalbook:number': num,
    // A Band's tooltip: the category, the value and the interval. The band
    // series holds High-Low stacked on Low, so High is Low plus the width.
    'evalbook:bandTooltip': function (ps) {
      var head = '', lo, w, mean, mark, bandName = '';
      ps.forEach(function (p) {
        head = p.name;
        if (p.seriesId === 'low') { lo = p.value; }
        else if (p.seriesId === 'band') { w = p.value; bandName = p.seriesName; }
        else if (p.seriesId === 'mean') { mean = p; }
        else if (p.seriesId === 'marks' && p.data && p.data.mark) { mark = p.data.mark; }
      });
      var s = '<b>' + esc(head) + '</b>';
      if (mean) { s += '<br>' + mean.marker + esc(mean.seriesName) + ': <b>' + num(mean.value) + '</b>'; }
      if (typeof lo === 'number' && typeof w === 'number' && isFinite(lo + w)) { s += '<br>' + esc(bandName) + ': ' + num(lo) + ' to ' + num(lo + w); }
      if (mark) { s += '<br><span class="chart-tip-mark">&#9660; ' + esc(mark) + '</span>'; }
      return s;
    },
    // The tooltip of Lines: the category, then each series' value, leaving
    // out the carrier of the reference lines.
    'evalbook:linesTooltip': function (ps) {
      var s = ps.length ? '<b>' + esc(ps[0].axisValueLabel) + '</b>' : '';
      ps.forEach(function (p) {
        if (p.seriesId !== 'ref') { s += '<br>' + p.marker + esc(p.seriesName) + ': <b>' + num(p.value) + '</b>'; }
      });
      return s;
    },
    // A heat-map cell's row, column and value (or its tip).
    'evalbook:heatTooltip': function (p) {
      return esc(p.data.y) + ' × ' + esc(p.data.x) + ': ' + (p.data.tip ? esc(p.data.tip) : '<b>' + num(p.data.value[2]) + '</b>');
    },
    // A heat-map cell's label: its value to two decimals.
    'evalbook:heatLabel': function (p) {
      return (+p.data.value[2].toFixed(2)).toString();
    },
    // A scatter point's group, label and coordinates.
    'evalbook:scatterTooltip': function (p) {
      var s = p.marker + esc(p.seriesName);
      if (p.data.text) { s += ' <b>' + esc(p.data.text) + '</b>'; }
      return s + '<br>x: ' + num(p.data.value[0]) + ', y: ' + num(p.data.value[1]);
    },
    // A timeline event's date and label.
    'evalbook:timelineTooltip': function (p) {
      return p.marker + esc(p.data.period || p.data.value[0]) + '<br><b>' + esc(p.data.text) + '</b>';
    }
  };
  var fnKeys = { formatter: true, valueFormatter: true };

  // resolve returns a copy of v with every "var(--name)" string replaced
  // by the property's value and every formatter named by its function;
  // numbers and other strings are kept.
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
      Object.keys(v).forEach(function (k) {
        var x = v[k];
        o[k] = fnKeys[k] && typeof x === 'string' && Object.prototype.hasOwnProperty.call(formatters, x) ? formatters[x] : resolve(x, css);
      });
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

  // follow opens the link of a clicked data item: a relative path only.
  function follow(p) {
    var link = p.data && p.data.link;
    if (typeof link === 'string' && link !== '' && !/^([a-z][a-z0-9+.-]*:|\/\/|\\)/i.test(link)) {
      window.location.href = link;
    }
  }

  function draw(c) {
    var css = getComputedStyle(document.documentElement);
    echarts.registerTheme('evalbook', theme(css));
    var chart = echarts.init(c.el, 'evalbook', { renderer: 'canvas' });
    chart.setOption(resolve(c.option, css));
    chart.on('click', follow);
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

  // drawAll draws the chart of every JSON block of the page. A block that
  // does not parse, or names no element, is reported and skipped; the
  // page's other charts still draw.
  function drawAll() {
    if (typeof echarts === 'undefined') { return; }
    var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
    Array.prototype.forEach.call(blocks, function (s) {
      var el = document.getElementById(s.getAttribute('data-chart'));
      if (!el) { return; }
      var option;
      try {
        option = JSON.parse(s.textContent);
      } catch (e) {
        console.error('evalbook: options of chart ' + el.id + ' are not JSON: ' + e.message);
        return;
      }
      var c = { el: el, option: option };
      drawn.push(c);
      draw(c);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  if (window.matchMedia) {
    var dark = window.matchMedia('(prefers-color-scheme: dark)');
    if (dark.addEventListener) { dark.addEventListener('change', redraw); } else if (dark.addListener) { dark.addListener(redraw); }
  }
}());

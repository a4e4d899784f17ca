/**
 * Pictures of samples as self-contained files (all script and style inline, nothing fetched when opened): flame
 * (icicle) charts of one hierarchical value, {@link dev.rstat.cgroup.report.chart.FlameChart} laid out by
 * {@link dev.rstat.cgroup.report.chart.FlameLayout} and written by {@link dev.rstat.cgroup.report.chart.FlameHtml}
 * (zoom, search) or {@link dev.rstat.cgroup.report.chart.FlameSvg} (static); and charts of a report over time,
 * {@link dev.rstat.cgroup.report.chart.TimeChart} from {@link dev.rstat.cgroup.report.chart.ReportSeries} (read from a
 * report CSV by {@link dev.rstat.cgroup.report.chart.ReportCsv}, or gathered while sampling), written by
 * {@link dev.rstat.cgroup.report.chart.PlotHtml}. Everything read from cgroupfs is escaped for the context it lands
 * in (HTML, XML, JavaScript strings) by one class.
 */
package dev.rstat.cgroup.report.chart;

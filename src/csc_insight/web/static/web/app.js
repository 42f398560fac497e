// The dashboard's script: GOV.UK Frontend's components, and the trend chart's tooltip.
// Everything else works without it. Served from this machine (no inline script: see the CSP).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}

// Each month of a trend chart is a focusable point carrying its words (charts._points): show
// them beside the point on hover or keyboard focus, and announce them politely.
for (const figure of document.querySelectorAll("[data-module='app-chart']")) {
  const tip = figure.querySelector(".app-tooltip");
  const show = (point) => {
    const counts = point.dataset.counts ? ` (${point.dataset.counts})` : "";
    tip.textContent = `${point.dataset.month}: ${point.dataset.value}${counts}`;
    const box = point.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = `${Math.min(box.left - frame.left, frame.width - tip.offsetWidth)}px`;
    tip.style.top = `${box.top - frame.top - tip.offsetHeight - 6}px`;
  };
  const hide = () => { tip.hidden = true; };
  for (const point of figure.querySelectorAll(".point")) {
    point.addEventListener("mouseenter", () => show(point));
    point.addEventListener("focus", () => show(point));
    point.addEventListener("mouseleave", hide);
    point.addEventListener("blur", hide);
  }
}

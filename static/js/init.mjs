// Pledge Portal front-end entry point (loaded as <script type="module">).
//
// Module scripts only run in browsers that GOV.UK Frontend supports, so it is
// safe to mark the page as supported here. This replaces the inline <script>
// of the GOV.UK page template, which a strict Content Security Policy forbids.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

// A page about work going on in the background (an import being checked or written) reloads itself every few
// seconds while it says so; without JavaScript it has a link to look again.
const reloading = document.querySelector('[data-reload-after-seconds]')
if (reloading) {
  const seconds = Number(reloading.getAttribute('data-reload-after-seconds')) || 2
  window.setTimeout(() => window.location.reload(), seconds * 1000)
}

// Pledge Portal front-end entry point (loaded as <script type="module">).
//
// Module scripts only run in browsers that GOV.UK Frontend supports, so it is
// safe to mark the page as supported here. This replaces the inline <script>
// of the GOV.UK page template, which a strict Content Security Policy forbids.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

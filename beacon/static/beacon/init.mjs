// Starts GOV.UK Frontend's components. Loaded as a module file (never inline) so that the content
// security policy needs no 'unsafe-inline'. Every page works without it.
import { initAll } from "../govuk/js/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

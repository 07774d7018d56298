// GOV.UK Frontend's JavaScript, where the browser runs it: the pages work without it (they are
// rendered on the server); with it, the error summary takes the focus and links to its fields
// move to them. Loaded as a module from /assets/ (the pages allow no inline script).
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

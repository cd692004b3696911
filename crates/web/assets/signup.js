// Signup: suggests an address from the shop name and says whether it is free, as you type.
(function () {
  var form = document.getElementById("signup");
  if (!form) return;
  var name = form.querySelector("[name=name]");
  var slug = form.querySelector("[name=slug]");
  var status = document.getElementById("slug-status");
  var touched = slug.value !== "";
  var timer = null;
  function check() {
    if (!slug.value) { status.textContent = ""; return; }
    fetch("/signup/slug?slug=" + encodeURIComponent(slug.value), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        status.textContent = d.message;
        status.className = d.available ? "hint ok" : "error";
        slug.setAttribute("aria-invalid", d.available ? "false" : "true");
      })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(check, 250); }
  slug.addEventListener("input", function () { touched = true; later(); });
  name.addEventListener("input", function () {
    if (touched) return;
    fetch("/signup/slug?suggest=" + encodeURIComponent(name.value), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) { if (!touched && d.slug !== undefined) { slug.value = d.slug; later(); } })
      .catch(function () {});
  });
})();

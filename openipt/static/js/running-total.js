// The running total of a questionnaire as it is answered (the staff measure form). The
// server renders the total of what was posted; this keeps it in step with each answer.
// Each scored question's fieldset carries data-scores="value=score ...".
(function () {
  var line = document.querySelector("[data-running-total]");
  if (!line) return;
  var form = line.closest("form");

  function scoreOf(fieldset) {
    var checked = fieldset.querySelector("input[type=radio]:checked");
    if (!checked) return null;
    var pairs = fieldset.getAttribute("data-scores").split(" ");
    for (var i = 0; i < pairs.length; i++) {
      var parts = pairs[i].split("=");
      if (parts[0] === checked.value) return parseInt(parts[1], 10);
    }
    return null;
  }

  function update() {
    var total = 0;
    var answered = 0;
    form.querySelectorAll("fieldset[data-scores]").forEach(function (fieldset) {
      var score = scoreOf(fieldset);
      if (score !== null) {
        total += score;
        answered += 1;
      }
    });
    line.querySelector("[data-total]").textContent = String(total);
    line.querySelector("[data-answered]").textContent = String(answered);
  }

  form.addEventListener("change", update);
})();

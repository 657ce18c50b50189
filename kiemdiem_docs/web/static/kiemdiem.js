// kiemdiem: a few lines of our own, nothing loaded from elsewhere.
"use strict";
(function () {
  // The build's bars: the server keeps the progress, so a reload picks it up again.
  var box = document.getElementById("tien-do");
  if (box) {
    var poll = function () {
      fetch(box.dataset.nguon, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.done) { window.location.reload(); return; }
          var bars = document.getElementById("cac-thanh");
          bars.textContent = "";
          s.phases.forEach(function (p) {
            var label = document.createElement("label");
            var bar = document.createElement("progress");
            bar.max = p.total; bar.value = p.done;
            label.append(p.label + " ", bar, " " + p.done + "/" + p.total);
            bars.append(label);
          });
          var wait = document.getElementById("dang-cho");
          wait.hidden = !s.waiting;
          if (s.waiting) { wait.textContent = "Đang chờ " + s.waiting + " xong…"; }
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
  // A table filtered as one types, on top of the server's own filters.
  document.querySelectorAll("input[data-loc]").forEach(function (input) {
    var table = document.getElementById(input.dataset.loc);
    input.addEventListener("input", function () {
      var word = input.value.toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = word && row.textContent.toLowerCase().indexOf(word) < 0;
      });
    });
  });
})();

// Click the preview to set the photo's focal point: crops (16:9 cards, 1:1
// thumbnails) keep that spot in view. The two number fields stay the real
// inputs, so without JavaScript they are typed in by hand.
"use strict";
{
    function setUp(frame) {
        const x = document.getElementById("id_focal_x");
        const y = document.getElementById("id_focal_y");
        if (!x || !y || x.disabled || x.readOnly) {
            return;
        }
        const marker = document.createElement("span");
        marker.className = "newsdesk-focal-marker";
        marker.setAttribute("aria-hidden", "true");
        frame.appendChild(marker);

        function show() {
            const fx = parseFloat(x.value);
            const fy = parseFloat(y.value);
            const known = !Number.isNaN(fx) && !Number.isNaN(fy);
            marker.hidden = !known;
            if (known) {
                marker.style.left = (fx * 100) + "%";
                marker.style.top = (fy * 100) + "%";
            }
        }

        frame.classList.add("newsdesk-focal-active");
        frame.title = frame.dataset.hint || "";
        frame.addEventListener("click", function (event) {
            const box = frame.querySelector("img").getBoundingClientRect();
            const fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
            const fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
            x.value = fx.toFixed(3);
            y.value = fy.toFixed(3);
            show();
        });
        x.addEventListener("input", show);
        y.addEventListener("input", show);
        show();
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll(".newsdesk-focal").forEach(setUp);
    });
}

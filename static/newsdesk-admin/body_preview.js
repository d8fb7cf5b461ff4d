'use strict';
// The story form's live preview. The server prints the word count and a first
// preview; this file moves the preview beside the body, and after typing
// stops (400 ms) posts the body to the preview endpoint and shows what it
// answers: the HTML the article page would print and the count. Nothing is
// counted or rendered here, so the form and the page cannot disagree.
{
    const DELAY_MS = 400;
    const HIDDEN_KEY = 'newsdesk.bodyPreview.hidden';

    function remembered() {
        try {
            return window.localStorage.getItem(HIDDEN_KEY) === '1';
        } catch (error) {
            return false;  // storage switched off: always shown
        }
    }

    function remember(hidden) {
        try {
            window.localStorage.setItem(HIDDEN_KEY, hidden ? '1' : '0');
        } catch (error) {
            // nothing to keep it in; it is shown again next time
        }
    }

    // Links in the preview open in a new tab, so the form is never left by
    // accident; the table of contents still jumps within the preview.
    function fixLinks(doc) {
        doc.querySelectorAll('a[href]').forEach((link) => {
            if (!link.getAttribute('href').startsWith('#')) {
                link.target = '_blank';
                link.rel = 'noopener';
            }
        });
    }

    function show(frame, html) {
        const doc = frame.contentDocument;
        const story = doc && doc.querySelector('article.story');
        if (story) {
            // In place, so the preview keeps its scroll position while one types.
            story.innerHTML = html;
            fixLinks(doc);
        }
    }

    function start(panel) {
        const body = document.getElementById('id_body');
        const frame = panel.querySelector('.newsdesk-preview-frame');
        const state = panel.querySelector('.newsdesk-preview-state');
        const toggle = panel.querySelector('.newsdesk-preview-toggle');
        const editor = body && body.closest('.newsdesk-body-editor');
        const count = document.getElementById('newsdesk-body-count');
        const form = body && body.form;
        const csrf = form && form.querySelector('input[name="csrfmiddlewaretoken"]');

        // The frame's document shares the form's address, so "#s2" in it would
        // load the form into the frame: the table of contents scrolls instead.
        const prepared = new WeakSet();
        function prepare() {
            const doc = frame.contentDocument;
            if (!doc || prepared.has(doc)) {
                return;
            }
            prepared.add(doc);
            fixLinks(doc);
            doc.addEventListener('click', (event) => {
                const link = event.target.closest && event.target.closest('a[href^="#"]');
                if (!link) {
                    return;
                }
                event.preventDefault();
                const id = decodeURIComponent(link.getAttribute('href').slice(1));
                const target = doc.getElementById(id);
                if (target) {
                    // Only the frame scrolls (scrollIntoView would move the form too).
                    const view = doc.defaultView;
                    view.scrollTo(0, target.getBoundingClientRect().top + view.scrollY - 8);
                }
            });
        }
        frame.addEventListener('load', prepare);
        if (frame.contentDocument && frame.contentDocument.readyState === 'complete') {
            prepare();
        }

        const container = editor || panel;
        function setHidden(hidden) {
            container.classList.toggle('newsdesk-preview-hidden', hidden);
            panel.classList.toggle('newsdesk-preview-hidden', hidden);
            frame.hidden = hidden;
            toggle.setAttribute('aria-expanded', String(!hidden));
            toggle.textContent = hidden ? panel.dataset.show : panel.dataset.hide;
        }
        toggle.hidden = false;
        setHidden(remembered());
        toggle.addEventListener('click', () => {
            const hidden = !frame.hidden;
            setHidden(hidden);
            remember(hidden);
        });

        if (!editor || !form || !csrf || !panel.dataset.editable) {
            return;  // a story the user may only read: the server's preview is final
        }
        editor.appendChild(panel);
        editor.classList.add('newsdesk-with-preview');

        let timer = null;
        let controller = null;
        let sent = null;  // the body the preview shows (or is being fetched for)

        async function update() {
            const text = body.value;
            if (text === sent) {
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = new AbortController();
            sent = text;
            state.textContent = panel.dataset.updating;
            state.classList.remove('newsdesk-preview-error');
            const data = new URLSearchParams({body: text, article: panel.dataset.article});
            try {
                const response = await fetch(panel.dataset.url, {
                    method: 'POST',
                    body: data,
                    headers: {'X-CSRFToken': csrf.value, 'Accept': 'application/json'},
                    credentials: 'same-origin',
                    signal: controller.signal,
                });
                const answer = await response.json().catch(() => ({}));
                if (!response.ok) {
                    throw new Error(answer.error || panel.dataset.failed);
                }
                show(frame, answer.html);
                if (count) {
                    count.textContent = answer.label;
                }
                state.textContent = '';
            } catch (error) {
                if (error.name === 'AbortError') {
                    return;  // a newer body is on its way
                }
                sent = null;  // try again on the next keystroke
                state.textContent = error.message || panel.dataset.failed;
                state.classList.add('newsdesk-preview-error');
            }
        }

        // Typing updates the count even while the preview is hidden.
        body.addEventListener('input', () => {
            window.clearTimeout(timer);
            timer = window.setTimeout(update, DELAY_MS);
        });
        // The server's preview is of the body as the page was built; a browser
        // that restored other text into the textarea gets it previewed now.
        sent = body.defaultValue;
        if (body.value !== sent) {
            update();
        }
    }

    function init() {
        const panel = document.getElementById('newsdesk-body-preview');
        if (panel) {
            start(panel);
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}

'use strict';
// An "Insert here" button beside each saved photo's code ([photo:123]) in the
// story form: it puts the code into the body (#id_body) where the cursor was.
// Without JavaScript the code is still there as text to copy. No button where
// the body is not an editable textarea (a story the user may only read).
{
    const BODY_ID = 'id_body';

    // The body's markup places a photo only on a line of its own; a blank line
    // on each side keeps it from being read as part of a paragraph.
    function spaced(before, code, after) {
        const lead = before === '' ? '' : '\n'.repeat(Math.max(0, 2 - trailingNewlines(before)));
        const tail = after === '' ? '' : '\n'.repeat(Math.max(0, 2 - leadingNewlines(after)));
        return lead + code + tail;
    }

    function trailingNewlines(text) {
        return text.length - text.replace(/\n+$/, '').length;
    }

    function leadingNewlines(text) {
        return text.length - text.replace(/^\n+/, '').length;
    }

    function insert(body, code, touched) {
        // Where a textarea's cursor is before anyone clicked into it differs by
        // browser: then the code goes at the end rather than somewhere arbitrary.
        const start = touched ? body.selectionStart : body.value.length;
        const end = touched ? body.selectionEnd : body.value.length;
        const before = body.value.slice(0, start);
        const after = body.value.slice(end);
        const text = spaced(before, code, after);
        body.focus();
        body.setRangeText(text, start, end, 'end');
        // Listeners (unsaved-changes warnings, counters) hear it as typing.
        body.dispatchEvent(new Event('input', {bubbles: true}));
    }

    function addButtons(root, body) {
        root.querySelectorAll('code.newsdesk-photo-code[data-photo-code]').forEach((code) => {
            if (code.nextElementSibling && code.nextElementSibling.classList.contains('newsdesk-photo-insert')) {
                return;
            }
            const button = document.createElement('button');
            button.type = 'button';  // never submits the form
            button.className = 'button newsdesk-photo-insert';
            button.textContent = code.dataset.insertLabel || 'Insert here';
            button.title = code.dataset.insertTitle || '';
            button.dataset.photoCode = code.dataset.photoCode;
            code.after(' ', button);
        });
    }

    function start() {
        const body = document.getElementById(BODY_ID);
        if (!body || body.tagName !== 'TEXTAREA' || body.readOnly || body.disabled) {
            return;
        }
        let touched = false;
        const markTouched = () => { touched = true; };
        ['focus', 'select', 'keyup', 'mouseup'].forEach((name) => body.addEventListener(name, markTouched));

        addButtons(document, body);
        // Rows the admin adds later (inlines.js) get buttons too, should they carry a code.
        document.addEventListener('formset:added', (event) => addButtons(event.target, body));
        document.addEventListener('click', (event) => {
            const button = event.target.closest('button.newsdesk-photo-insert');
            if (button) {
                event.preventDefault();
                insert(body, button.dataset.photoCode, touched);
                touched = true;
            }
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}

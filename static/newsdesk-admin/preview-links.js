'use strict';
// Preview links on a story's admin pages: copy a link; revoke one from inside
// the story's change form, where a form of its own cannot be nested.
{
    function copy(button) {
        const input = document.getElementById(button.dataset.copy);
        if (!input) {
            return;
        }
        input.select();
        const done = () => {
            const label = button.textContent;
            button.textContent = button.dataset.copied;
            setTimeout(() => { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(input.value).then(done, () => {});
        } else if (document.execCommand('copy')) {
            done();
        }
    }

    function revoke(button) {
        if (!window.confirm(button.dataset.confirm)) {
            return;
        }
        const token = document.querySelector('input[name="csrfmiddlewaretoken"]');
        const form = document.createElement('form');
        form.method = 'post';
        form.action = button.dataset.revokeUrl;
        for (const [name, value] of [['csrfmiddlewaretoken', token ? token.value : ''],
                                     ['back', button.dataset.back || '']]) {
            const field = document.createElement('input');
            field.type = 'hidden';
            field.name = name;
            field.value = value;
            form.append(field);
        }
        document.body.append(form);
        form.submit();
    }

    function ready() {
        // With the script, the change page's buttons replace their links to the links page.
        document.querySelectorAll('button[data-revoke-url]').forEach((button) => {
            button.hidden = false;
            const fallback = button.nextElementSibling;
            if (fallback && fallback.classList.contains('newsdesk-revoke-fallback')) {
                fallback.hidden = true;
            }
        });
        document.addEventListener('click', (event) => {
            const button = event.target.closest('button[data-copy], button[data-revoke-url]');
            if (!button) {
                return;
            }
            event.preventDefault();
            if (button.dataset.copy) {
                copy(button);
            } else {
                revoke(button);
            }
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', ready);
    } else {
        ready();
    }
}

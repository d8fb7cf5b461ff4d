'use strict';
// The bulk upload page, one file a request: each file gets its own progress
// bar and its own outcome, and a file the desk refuses costs only that file.
// Without this script the form posts every file at once and the server lists
// the outcomes in the same table; both ways go through the same form fields.
{
    // Two at a time keeps the bars moving without making the server decode
    // every picture of a large batch at once.
    const PARALLEL = 2;

    function format(template, values) {
        return template.replace(/%\((\w+)\)[sd]/g, (whole, name) => (
            name in values ? String(values[name]) : whole
        ));
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function sizeLabel(bytes) {
        if (bytes >= 1024 * 1024) {
            return (bytes / 1024 / 1024).toFixed(1) + ' MB';
        }
        return Math.max(1, Math.round(bytes / 1024)) + ' KB';
    }

    function enhance(form) {
        const strings = JSON.parse(document.getElementById('photo-upload-strings').textContent);
        const input = form.querySelector('input[type="file"][name="files"]');
        const drop = form.querySelector('.photo-upload-drop');
        const table = document.getElementById('photo-upload-results');
        const rows = table.tBodies[0];
        const summary = document.getElementById('photo-upload-summary');
        const errors = document.getElementById('photo-upload-errors');
        const queue = [];
        let active = 0;

        drop.classList.add('photo-upload-dropzone');
        form.querySelector('.photo-upload-drop-hint').hidden = false;

        // Dropped files join those already chosen, so that the input stays
        // what is sent and the browser shows how many are waiting.
        function addFiles(files) {
            const chosen = new DataTransfer();
            for (const file of [...input.files, ...files]) {
                chosen.items.add(file);
            }
            input.files = chosen.files;
        }

        drop.addEventListener('dragover', (event) => {
            if (event.dataTransfer && [...event.dataTransfer.types].includes('Files')) {
                event.preventDefault();
                event.dataTransfer.dropEffect = 'copy';
                drop.classList.add('photo-upload-over');
            }
        });
        drop.addEventListener('dragleave', (event) => {
            if (!drop.contains(event.relatedTarget)) {
                drop.classList.remove('photo-upload-over');
            }
        });
        drop.addEventListener('drop', (event) => {
            event.preventDefault();
            drop.classList.remove('photo-upload-over');
            if (event.dataTransfer && event.dataTransfer.files.length) {
                addFiles(event.dataTransfer.files);
            }
        });

        function showErrors(message) {
            errors.textContent = message;
            errors.hidden = !message;
        }

        function newRow(file) {
            const row = element('tr', 'photo-upload-row photo-upload-waiting');
            const thumb = element('td', 'photo-upload-thumb');
            const name = element('td', 'photo-upload-file');
            name.append(element('span', 'photo-upload-name', file.name),
                        element('span', 'photo-upload-size', sizeLabel(file.size)));
            const outcome = element('td', 'photo-upload-outcome');
            const progress = element('progress');
            progress.max = 100;
            progress.value = 0;
            progress.setAttribute('aria-label', file.name);
            outcome.append(element('strong', 'photo-upload-status', strings.waiting), progress);
            row.append(thumb, name, outcome);
            rows.append(row);
            return {row, thumb, name, outcome, progress};
        }

        function setStatus(item, text) {
            item.outcome.querySelector('.photo-upload-status').textContent = text;
        }

        function finish(item, status, label, message, photo) {
            item.row.className = 'photo-upload-row photo-upload-' + status;
            item.outcome.replaceChildren(
                element('strong', 'photo-upload-status', label),
                ' ',
                element('span', 'photo-upload-message', message),
            );
            if (!photo) {
                return;
            }
            // Made by the server's thumbnail tag, which escapes what it puts in.
            const link = element('a');
            link.href = photo.change_url;
            link.innerHTML = photo.thumbnail_html || '';
            item.thumb.replaceChildren(link);
            item.name.querySelector('.photo-upload-size').textContent =
                photo.size_label + ' · ' + photo.width + ' × ' + photo.height + ' px';
            const edit = element('a', 'photo-upload-link', photo.link_label);
            edit.href = photo.change_url;
            const fields = element('dl', 'photo-upload-fields');
            fields.append(
                element('dt', '', strings.caption), element('dd', '', photo.caption || '—'),
                element('dt', '', strings.credit), element('dd', '', photo.credit || '—'),
            );
            item.outcome.append(' ', edit, fields);
        }

        function summarise() {
            const count = (status) => rows.querySelectorAll('.photo-upload-' + status).length;
            summary.textContent = format(strings.summary, {
                created: count('created'),
                duplicate: count('duplicate'),
                failed: count('refused') + count('error') + count('invalid'),
            });
        }

        // The batch fields are wrong for every file alike: the rest are not sent.
        function stopQueue() {
            while (queue.length) {
                const {item} = queue.shift();
                finish(item, 'invalid', strings.notSentLabel, strings.notSent);
            }
        }

        function send({file, fields, item}) {
            active += 1;
            const data = new FormData();
            for (const [name, value] of fields) {
                data.append(name, value);
            }
            data.append('files', file, file.name);
            const request = new XMLHttpRequest();
            request.open('POST', form.dataset.fileUrl);
            request.responseType = 'json';
            request.setRequestHeader('Accept', 'application/json');
            setStatus(item, strings.uploading);
            request.upload.addEventListener('progress', (event) => {
                if (event.lengthComputable) {
                    item.progress.value = Math.round(event.loaded / event.total * 100);
                }
            });
            request.upload.addEventListener('load', () => {
                item.progress.removeAttribute('value');  // indeterminate while the server works
                setStatus(item, strings.processing);
            });
            request.addEventListener('load', () => {
                const answer = request.response;
                if (answer && answer.status) {
                    finish(item, answer.status, answer.status_label || '', answer.message || '',
                           answer.photo);
                    if (answer.status === 'invalid') {
                        showErrors(answer.message);
                        stopQueue();
                    }
                } else {
                    finish(item, 'error', strings.failedLabel,
                           format(strings.unexpected, {status: request.status}));
                }
            });
            request.addEventListener('error', () => finish(
                item, 'error', strings.failedLabel, strings.network,
            ));
            request.addEventListener('loadend', () => {
                active -= 1;
                pump();
            });
            request.send(data);
        }

        function pump() {
            while (active < PARALLEL && queue.length) {
                send(queue.shift());
            }
            if (!active && !queue.length) {
                summarise();
            }
        }

        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const files = [...input.files];
            if (!files.length) {
                showErrors(strings.noFiles);
                return;
            }
            showErrors('');
            // What the batch fields say now holds for every file of this upload.
            const fields = [...new FormData(form)].filter(([name]) => name !== 'files');
            input.value = '';
            table.hidden = false;
            summary.textContent = '';
            for (const file of files) {
                queue.push({file, fields, item: newRow(file)});
            }
            pump();
        });

        window.addEventListener('beforeunload', (event) => {
            if (active || queue.length) {
                event.preventDefault();
                event.returnValue = strings.leaveWarning;
            }
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        const form = document.getElementById('photo-upload-form');
        if (form && window.FormData && window.XMLHttpRequest && window.DataTransfer) {
            enhance(form);
        }
    });
}

'use strict';
// Turns the comma-separated tag input into a select2 box in "tags" mode with
// suggestions from the server. The text input stays the field that is posted:
// every change is written back to it, so the server sees the same format as
// without JavaScript.
{
    const $ = django.jQuery;
    // ASCII and full-width commas and semicolons, and the enumeration comma.
    const SEPARATORS = [',', '\uFF0C', '\u3001', ';', '\uFF1B'];

    // taggit's own quoting (edit_string_for_tags): names with commas or spaces in quotes.
    function quote(name) {
        const clean = name.replace(/"/g, '');
        return /[,\s]/.test(clean) ? '"' + clean + '"' : clean;
    }

    function enhance(input) {
        let tags = [];
        try {
            tags = JSON.parse(input.dataset.tags || '[]');
        } catch (error) {
            return;  // keep the plain text input
        }
        const select = document.createElement('select');
        select.multiple = true;
        select.className = 'newsdesk-tag-select';
        select.lang = input.dataset.select2Lang || 'en';
        select.setAttribute('aria-label', input.labels && input.labels[0] ? input.labels[0].textContent : '');
        tags.forEach((name) => select.add(new Option(name, name, true, true)));
        input.after(select);
        input.hidden = true;

        $(select).select2({
            tags: true,
            tokenSeparators: SEPARATORS,
            placeholder: input.dataset.placeholder || '',
            width: '45em',  // capped at 100% in admin.css
            theme: 'admin-autocomplete',
            minimumInputLength: 0,
            ajax: {
                url: input.dataset.tagSuggestUrl,
                dataType: 'json',
                delay: 200,
                data: (params) => ({term: params.term || ''}),
            },
            // Existing tags first: a typo should not be the easiest thing to pick.
            insertTag: (data, tag) => data.push(tag),
            createTag: (params) => {
                const term = $.trim(params.term);
                return term ? {id: term, text: term, newTag: true} : null;
            },
        });
        $(select).on('change', () => {
            input.value = ($(select).val() || []).map(quote).join(', ');
        });
    }

    $(function() {
        document.querySelectorAll('input[data-tag-suggest-url]').forEach(enhance);
    });
}

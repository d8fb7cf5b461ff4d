"""What a browser would send back from a rendered form, for tests that post it.

Building an admin POST by hand restates the form's fields, inlines and hidden
inputs (the version a story was opened at, say), and breaks each time one is
added. Reading them back from the page sends whatever the form holds now.
"""

from html.parser import HTMLParser

NOT_SENT = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields = []  # (name, value) pairs in document order
        self.textarea = None  # [name, text] while inside one
        self.select = None  # [name, multiple, options, chosen] while inside one
        self.option = None  # [value or None, text] while inside one

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in NOT_SENT:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = [name, "multiple" in attrs, [], []]
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), ""]
            if "selected" in attrs:
                self.select[3].append(self.option)
            self.select[2].append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the newline that opens a textarea; Django writes one.
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options, chosen = self.select
            if not chosen and not multiple and options:
                chosen = options[:1]  # a single select always sends its first option
            for value, text in chosen:
                self.fields.append((name, text.strip() if value is None else value))
            self.select = None


def form_data(html, form_id=None):
    """The fields of the form ``form_id`` (else every form) as Client.post takes them."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}

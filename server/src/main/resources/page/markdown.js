/*
 * The safe subset of markdown a card's detail may use, rendered into DOM nodes: paragraphs, "- " and "1. " lists,
 * **bold**, *italics*, `code`, backslash escapes (\[ shows [) and links to http(s) only. Card text is never parsed as HTML: every piece of it becomes
 * a text node (the browser escapes it), and only the elements made here are created, so HTML in an EHR's record
 * or a card stays inert text. A link to any other scheme is shown as its label alone.
 */
(function () {
  "use strict";

  var INLINE = /\\([!-\/:-@\[-`{-~])|\*\*([^*]+?)\*\*|\*([^*\s][^*]*?)\*|`([^`]+)`|\[([^\]]+)\]\(([^()\s]+)\)/;
  var BULLET = /^\s*[-*+]\s+(.*)$/;
  var NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

  function safeUrl(text) {
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(label, href) {
    var url = safeUrl(href);
    if (!url) {
      return document.createTextNode(label);
    }
    var a = document.createElement("a");
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    a.textContent = label;
    return a;
  }

  function element(name, text) {
    var node = document.createElement(name);
    inline(node, text);
    return node;
  }

  function inline(parent, text) {
    var rest = text;
    var match;
    while ((match = INLINE.exec(rest)) !== null) {
      if (match.index > 0) {
        parent.appendChild(document.createTextNode(rest.slice(0, match.index)));
      }
      if (match[1] !== undefined) {
        parent.appendChild(document.createTextNode(match[1]));
      } else if (match[2] !== undefined) {
        parent.appendChild(element("strong", match[2]));
      } else if (match[3] !== undefined) {
        parent.appendChild(element("em", match[3]));
      } else if (match[4] !== undefined) {
        var code = document.createElement("code");
        code.textContent = match[4];
        parent.appendChild(code);
      } else {
        parent.appendChild(link(match[5], match[6]));
      }
      rest = rest.slice(match.index + match[0].length);
    }
    if (rest) {
      parent.appendChild(document.createTextNode(rest));
    }
  }

  /** The markdown text as a DocumentFragment of paragraphs and lists. */
  function render(markdown) {
    var fragment = document.createDocumentFragment();
    var paragraph = null;
    var list = null;
    String(markdown || "").split(/\r?\n/).forEach(function (line) {
      var bullet = BULLET.exec(line);
      var numbered = bullet ? null : NUMBERED.exec(line);
      if (bullet || numbered) {
        var kind = bullet ? "ul" : "ol";
        if (!list || list.nodeName.toLowerCase() !== kind) {
          list = fragment.appendChild(document.createElement(kind));
        }
        list.appendChild(element("li", (bullet || numbered)[1]));
        paragraph = null;
      } else if (line.trim() === "") {
        paragraph = null;
        list = null;
      } else {
        if (!paragraph) {
          paragraph = fragment.appendChild(document.createElement("p"));
        } else {
          paragraph.appendChild(document.createTextNode(" "));
        }
        inline(paragraph, line.trim());
        list = null;
      }
    });
    return fragment;
  }

  window.SpineMarkdown = { render: render, safeUrl: safeUrl };
})();

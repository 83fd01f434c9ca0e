/*
 * The clinician page: a patient Bundle (an example or pasted) is made into a CDS Hooks request by the server
 * (POST /page/request), posted to the service with a token the server signs for that one call (POST /page/token),
 * and the cards are shown as an EHR shows them. Accepting a suggestion or overriding a card posts real CDS Hooks
 * feedback; the server marks it as a trial by the token's issuer. Text from the server is only ever put into text
 * nodes (or through SpineMarkdown, which does the same).
 */
(function () {
  "use strict";

  var INDICATORS = { critical: "Critical", warning: "Warning", info: "Info" };
  var EXAMPLES = "/page/examples/";
  var PASTED = "pasted";
  var cardCount = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function make(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** The reason an answer gives (an OperationOutcome's diagnostics), or its status. */
  async function failure(response) {
    try {
      var outcome = await response.json();
      var issue = outcome.issue && outcome.issue[0];
      return (issue && (issue.diagnostics || (issue.details && issue.details.text))) || "HTTP " + response.status;
    } catch (e) {
      return "HTTP " + response.status;
    }
  }

  async function postJson(path, body, headers) {
    var response = await fetch(path, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: typeof body === "string" ? body : JSON.stringify(body)
    });
    if (!response.ok) {
      throw new Error(await failure(response));
    }
    var text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** A call through the same JWT check as an EHR's: each with a fresh token for exactly that path. */
  async function withToken(path) {
    var answer = await postJson("/page/token", { path: path });
    return { Authorization: "Bearer " + answer.token };
  }

  async function callService(service, request) {
    var path = "/cds-services/" + encodeURIComponent(service);
    return postJson(path, request, await withToken(path));
  }

  async function sendFeedback(service, item) {
    var path = "/cds-services/" + encodeURIComponent(service) + "/feedback";
    item.outcomeTimestamp = new Date().toISOString();
    await postJson(path, { feedback: [item] }, await withToken(path));
  }

  // ---- the form -------------------------------------------------------------------------------------------------

  async function loadExamples() {
    var select = byId("patient");
    var response = await fetch(EXAMPLES + "index.json");
    var examples = response.ok ? await response.json() : [];
    examples.forEach(function (example) {
      var option = make("option", null, example.label);
      option.value = example.file;
      select.appendChild(option);
    });
    var pasted = make("option", null, "A FHIR Bundle I paste…");
    pasted.value = PASTED;
    select.appendChild(pasted);
    select.addEventListener("change", function () {
      byId("bundle-field").hidden = select.value !== PASTED;
    });
  }

  async function bundleText() {
    var choice = byId("patient").value;
    if (choice === PASTED) {
      var text = byId("bundle").value.trim();
      if (!text) {
        throw new Error("Paste a FHIR Bundle first.");
      }
      return text;
    }
    var response = await fetch(EXAMPLES + encodeURIComponent(choice));
    if (!response.ok) {
      throw new Error("The example could not be loaded (HTTP " + response.status + ").");
    }
    return response.text();
  }

  async function showCards(event) {
    event.preventDefault();
    var status = byId("status");
    var cards = byId("cards");
    var button = byId("show-cards");
    var hook = document.querySelector("input[name=hook]:checked").value;
    button.disabled = true;
    cards.replaceChildren();
    status.textContent = "Asking the service…";
    try {
      var built = await postJson("/page/request?hook=" + encodeURIComponent(hook), await bundleText());
      var response = await callService(built.service, built.request);
      response.cards.forEach(function (card) {
        cards.appendChild(renderCard(built.service, card));
      });
      status.textContent = response.cards.length === 0 ? "No cards: the service has nothing to say."
          : response.cards.length + (response.cards.length === 1 ? " card" : " cards") + " from " + built.service
            + " (" + hook + ").";
    } catch (e) {
      status.textContent = "Could not show cards: " + e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---- a card ---------------------------------------------------------------------------------------------------

  function renderCard(service, card) {
    var n = ++cardCount;
    var indicator = INDICATORS[card.indicator] ? card.indicator : "info";
    var extension = card.extension || {};
    var article = make("article", "card card-" + indicator);
    article.dataset.indicator = indicator;
    article.dataset.cardKind = extension["org.spinecds.card-id"] || "";
    article.setAttribute("aria-labelledby", "card-" + n + "-summary");

    var head = article.appendChild(make("p", "card-head"));
    head.appendChild(make("span", "badge badge-" + indicator, INDICATORS[indicator]));
    if (card.source && card.source.topic && card.source.topic.display) {
      head.appendChild(make("span", "topic", card.source.topic.display));
    }
    var summary = article.appendChild(make("h3", "summary", card.summary));
    summary.id = "card-" + n + "-summary";

    if (card.detail) {
      article.appendChild(make("div", "detail")).appendChild(SpineMarkdown.render(card.detail));
    }
    appendEvidence(article, extension["org.spinecds.evidence"]);
    appendSource(article, card.source);
    appendLinks(article, card.links);

    var feedback = make("p", "feedback");
    feedback.setAttribute("role", "status");
    var actions = article.appendChild(make("div", "actions"));
    (card.suggestions || []).forEach(function (suggestion) {
      var button = actions.appendChild(make("button", "suggestion" + (suggestion.isRecommended ? " recommended" : ""),
          suggestion.label + (suggestion.isRecommended ? " (recommended)" : "")));
      button.type = "button";
      button.disabled = !card.uuid || !suggestion.uuid;
      button.addEventListener("click", function () {
        settle(article, feedback, service, { card: card.uuid, outcome: "accepted",
          acceptedSuggestions: [{ id: suggestion.uuid }] }, "Accepted: " + suggestion.label);
      });
    });
    if (card.uuid && card.overrideReasons && card.overrideReasons.length) {
      appendOverride(article, actions, feedback, service, card, n);
    }
    article.appendChild(feedback);
    return article;
  }

  function appendEvidence(article, evidence) {
    if (!evidence || !evidence.length) {
      return;
    }
    var details = article.appendChild(make("details", "evidence"));
    details.appendChild(make("summary", null, "Records behind this card (" + evidence.length + ")"));
    var list = details.appendChild(make("ul"));
    evidence.forEach(function (reference) {
      list.appendChild(make("li")).appendChild(make("code", null, reference));
    });
  }

  function appendSource(article, source) {
    if (!source || !source.label) {
      return;
    }
    var line = article.appendChild(make("p", "source", "Source: "));
    var url = source.url && SpineMarkdown.safeUrl(source.url);
    if (url) {
      var a = line.appendChild(make("a", null, source.label));
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
    } else {
      line.appendChild(document.createTextNode(source.label));
    }
  }

  function appendLinks(article, links) {
    var usable = (links || []).filter(function (link) {
      return link.type === "absolute" && SpineMarkdown.safeUrl(link.url);
    });
    if (!usable.length) {
      return;
    }
    var list = article.appendChild(make("ul", "links"));
    usable.forEach(function (link) {
      var a = list.appendChild(make("li")).appendChild(make("a", null, link.label));
      a.href = SpineMarkdown.safeUrl(link.url);
      a.rel = "noopener noreferrer";
      a.target = "_blank";
    });
  }

  function appendOverride(article, actions, feedback, service, card, n) {
    var toggle = actions.appendChild(make("button", "override-toggle", "Override"));
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "override-" + n);

    var form = article.appendChild(make("form", "override"));
    form.id = "override-" + n;
    form.hidden = true;
    var label = form.appendChild(make("label", null, "Why override this card?"));
    label.htmlFor = "override-" + n + "-reason";
    var select = form.appendChild(make("select"));
    select.id = "override-" + n + "-reason";
    select.required = true;
    var none = select.appendChild(make("option", null, "Choose a reason"));
    none.value = "";
    card.overrideReasons.forEach(function (reason, i) {
      var option = select.appendChild(make("option", null, reason.display || reason.code));
      option.value = String(i);
    });
    var send = form.appendChild(make("button", "send-override", "Send override"));
    send.type = "submit";

    toggle.addEventListener("click", function () {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) {
        select.focus();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (select.value === "") {
        feedback.textContent = "Choose a reason first.";
        select.focus();
        return;
      }
      var reason = card.overrideReasons[Number(select.value)];
      settle(article, feedback, service, { card: card.uuid, outcome: "overridden",
        overrideReason: { reason: { system: reason.system, code: reason.code, display: reason.display } } },
        "Overridden: " + (reason.display || reason.code));
    });
  }

  /** Sends the feedback; once stored, the card's choices are closed, as in an EHR. */
  async function settle(article, feedback, service, item, done) {
    var controls = article.querySelectorAll(".actions button, .override select, .override button");
    controls.forEach(function (control) { control.disabled = true; });
    feedback.textContent = "Sending…";
    try {
      await sendFeedback(service, item);
      article.classList.add("settled");
      feedback.textContent = done + " (feedback stored as a trial).";
    } catch (e) {
      controls.forEach(function (control) { control.disabled = false; });
      feedback.textContent = "Feedback not stored: " + e.message;
    }
  }

  // ---- statistics -----------------------------------------------------------------------------------------------

  async function showStatistics() {
    var status = byId("statistics-status");
    var target = byId("statistics");
    status.textContent = "Loading…";
    try {
      var path = "/feedback/statistics";
      var response = await fetch(path, { headers: await withToken(path) });
      if (!response.ok) {
        throw new Error(await failure(response));
      }
      var kinds = (await response.json()).cardKinds || [];
      target.replaceChildren(kinds.length ? statisticsTable(kinds) : make("p", "empty",
          "No cards from EHRs recorded yet."));
      status.textContent = kinds.length + (kinds.length === 1 ? " card kind." : " card kinds.");
    } catch (e) {
      status.textContent = "Could not load the statistics: " + e.message;
    }
  }

  function statisticsTable(kinds) {
    var table = make("table", "statistics");
    table.appendChild(make("caption", null, "Cards shown, accepted and overridden, per service and card kind"));
    var head = table.appendChild(make("thead")).appendChild(make("tr"));
    ["Service", "Card kind", "Shown", "Accepted", "Overridden", "Most given override reasons"].forEach(function (h) {
      head.appendChild(make("th", null, h)).scope = "col";
    });
    var body = table.appendChild(make("tbody"));
    kinds.forEach(function (kind) {
      var row = body.appendChild(make("tr"));
      row.appendChild(make("td", null, kind.service));
      row.appendChild(make("th", null, kind.kind)).scope = "row";
      [kind.shown, kind.accepted, kind.overridden].forEach(function (count) {
        row.appendChild(make("td", "number", String(count)));
      });
      row.appendChild(make("td", null, (kind.topOverrideReasons || []).map(function (r) {
        return (r.reason.display || r.reason.code) + " (" + r.count + ")";
      }).join("; ") || "none"));
    });
    return table;
  }

  // ---- views ----------------------------------------------------------------------------------------------------

  function showView(statistics) {
    byId("cards-view").hidden = statistics;
    byId("statistics-view").hidden = !statistics;
    byId("view-cards").setAttribute("aria-pressed", String(!statistics));
    byId("view-statistics").setAttribute("aria-pressed", String(statistics));
    if (statistics) {
      showStatistics();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    byId("call-form").addEventListener("submit", showCards);
    byId("view-cards").addEventListener("click", function () { showView(false); });
    byId("view-statistics").addEventListener("click", function () { showView(true); });
    byId("refresh-statistics").addEventListener("click", showStatistics);
    loadExamples().catch(function (e) {
      byId("status").textContent = "The example patients could not be loaded: " + e.message;
    });
  });
})();

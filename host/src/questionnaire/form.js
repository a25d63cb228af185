'use strict';
// riskcard's vendor questionnaire. The questions come from the plan embedded in the
// page (derived from the dossier's JSON Schema); everything typed is handled as text
// (textContent, value), never as markup.
(() => {
  const plan = JSON.parse(document.getElementById('plan').dataset.json);
  const main = document.getElementById('questions');
  const statusLine = document.getElementById('status');
  let base = plan.prefill || {};
  let counter = 0;
  const uid = () => `q${++counter}`;

  // Builds an element; strings among the children become text nodes.
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'text') node.textContent = value;
      else if (name === 'class') node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  };

  // The rules beyond the schema's types that `riskcard assess` also checks
  // (host/src/dossier/mod.rs), keyed by the field's path without list indices.
  const URL_RULE = (text) => {
    if (!/^https?:\/\/\S+$/.test(text)) return 'Write the full address, starting https://';
    try {
      const url = new URL(text);
      return url.username || url.password ? 'Leave out the user name and password (user:password@)' : '';
    } catch {
      return 'This is not a web address';
    }
  };
  const PERCENT_RULE = (number) => (number >= 0 && number <= 100 ? '' : 'A percentage from 0 to 100');
  const RULES = {
    'vendor.id': (text) =>
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(text) ? '' : 'Use lowercase letters, digits and inner dashes, e.g. acme-crm',
    'vendor.website': URL_RULE,
    'vendor.status_page': URL_RULE,
    'vendor.app_url': URL_RULE,
    'availability.sla_percent': PERCENT_RULE,
    'availability.monthly.percent': PERCENT_RULE,
    'assurance.vulnerability_disclosure.policy_url': URL_RULE,
    'assurance.bug_bounty.url': URL_RULE,
    // The saved dossier is checked against the ISO 3166-1 list when it is loaded.
    'subprocessors.country': (text) => (/^[A-Z]{2}$/.test(text) ? '' : 'Write an ISO 3166-1 country code in capitals, e.g. DE'),
    'availability.monthly.month': (text) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? '' : 'Write the month as YYYY-MM, e.g. 2026-04'),
  };
  const ENTRY_RULES = {
    certifications: (entry) => {
      if (entry.issued && entry.expires && entry.expires < entry.issued) return 'It expires before it was issued';
      if (entry.kind === 'other' && !entry.name) return 'Name the certification when its kind is “Other”';
      return '';
    },
    'incidents.entries': (entry) =>
      ['disclosed_at', 'resolved_at'].some((key) => entry[key] && entry.detected_at && entry[key] < entry.detected_at)
        ? 'Disclosed and resolved cannot be before detected'
        : '',
  };
  const UNIQUE = { 'incidents.entries': 'id', 'availability.monthly': 'month' };

  // Every control offers: node, get(path) -> undefined (unanswered) | {unknown, attests}
  // | {value, attests}, set(value), validate() -> messages.
  const message = () => el('p', { class: 'message', id: uid(), 'aria-live': 'polite' });
  const showMessage = (node, input, text) => {
    node.textContent = text;
    for (const target of input ? [input] : []) {
      if (text) {
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', node.id);
      } else target.removeAttribute('aria-invalid');
    }
    return text ? [text] : [];
  };
  // Unknown is saved by leaving the field out, so there is nothing to attest.
  const UNKNOWN = { unknown: true, attests: [] };

  function yesNo(field) {
    const name = uid();
    const radios = {};
    const box = el('fieldset', { class: 'field yesno' }, el('legend', { text: field.label }));
    for (const [value, label] of [['yes', 'Yes'], ['no', 'No'], ['unknown', 'Unknown']]) {
      const radio = el('input', { type: 'radio', name, value });
      radios[value] = radio;
      box.append(el('label', { class: 'choice' }, radio, ` ${label}`));
    }
    return {
      node: box,
      get(path) {
        if (radios.yes.checked) return { value: true, attests: [[path, 'Yes']] };
        if (radios.no.checked) return { value: false, attests: [[path, 'No']] };
        return radios.unknown.checked ? UNKNOWN : undefined;
      },
      set(value) {
        radios.yes.checked = value === true;
        radios.no.checked = value === false;
        radios.unknown.checked = false;
      },
      validate: () => [],
    };
  }

  // Text, numbers, dates and timestamps: one input.
  function single(field, rule) {
    const id = uid();
    const kinds = { text: 'text', date: 'date', timestamp: 'datetime-local', integer: 'number', number: 'number' };
    const input = el('input', { id, type: kinds[field.control], name: id });
    if (field.control === 'integer') {
      input.step = '1';
      if (field.minimum !== undefined) input.min = String(field.minimum);
      if (field.maximum !== undefined) input.max = String(field.maximum);
    }
    if (field.control === 'number') input.step = 'any';
    if (field.required) input.required = true;
    const suffix = field.control === 'timestamp' ? ' (UTC)' : field.required ? ' (required)' : '';
    const note = message();
    const node = el('div', { class: 'field' }, el('label', { for: id, text: field.label + suffix }), input, note);
    const parse = () => {
      const text = input.value.trim();
      if (text === '') return undefined;
      if (field.control === 'integer' || field.control === 'number') return Number(text);
      if (field.control === 'timestamp') return `${text.length === 16 ? `${text}:00` : text}Z`;
      return text;
    };
    const validate = () => {
      if (input.validity.badInput) return showMessage(note, input, 'This is not a valid value here');
      const value = parse();
      if (value === undefined) return showMessage(note, input, field.required ? 'Required' : '');
      if (
        field.control === 'integer' &&
        (!Number.isInteger(value) || value < (field.minimum ?? -Infinity) || value > (field.maximum ?? Infinity))
      )
        return showMessage(note, input, `A whole number${field.minimum !== undefined ? ` from ${field.minimum}` : ''}${field.maximum !== undefined ? ` up to ${field.maximum}` : ''}`);
      // A date picker takes years past 9999; a dossier's dates have four-digit years.
      if ((field.control === 'date' || field.control === 'timestamp') && !/^\d{4}-/.test(value))
        return showMessage(note, input, 'A date between the years 0000 and 9999');
      if (field.control === 'number' && !Number.isFinite(value)) return showMessage(note, input, 'A number');
      return showMessage(note, input, RULES[rule] ? RULES[rule](value) : '');
    };
    input.addEventListener('input', validate);
    return {
      node,
      get(path) {
        const value = parse();
        return value === undefined ? undefined : { value, attests: [[path, String(value)]] };
      },
      set(value) {
        if (value === undefined || value === null) input.value = '';
        else if (field.control === 'timestamp') input.value = String(value).slice(0, 19).replace(/:00$/, '');
        else input.value = String(value);
        // A question not answered yet is flagged on Save, not as the form opens.
        if (input.value) validate();
        else showMessage(note, input, '');
      },
      validate,
    };
  }

  function choice(field) {
    const id = uid();
    const select = el('select', { id, name: id }, el('option', { value: '', text: '— not answered —' }));
    for (const option of field.options) select.append(el('option', { value: option.value, text: option.label }));
    if (field.nullable) select.append(el('option', { value: '?unknown', text: 'Unknown' }));
    const note = message();
    const validate = () => showMessage(note, select, field.required && select.value === '' ? 'Required' : '');
    select.addEventListener('change', validate);
    return {
      node: el('div', { class: 'field' }, el('label', { for: id, text: field.label + (field.required ? ' (required)' : '') }), select, note),
      get(path) {
        if (select.value === '') return undefined;
        return select.value === '?unknown' ? UNKNOWN : { value: select.value, attests: [[path, select.value]] };
      },
      set(value) {
        select.value = value === undefined ? '' : value;
        if (select.value) validate();
        else showMessage(note, select, '');
      },
      validate,
    };
  }

  // A list's state: listed below, none, or (when the dossier can say so) unknown.
  function listState(field, box) {
    const name = uid();
    const radios = {};
    const states = [['these', 'Listed below'], ['none', 'None']];
    if (field.nullable) states.push(['unknown', 'Unknown']);
    const row = el('div', { class: 'states' });
    for (const [value, label] of states) {
      radios[value] = el('input', { type: 'radio', name, value });
      row.append(el('label', { class: 'choice' }, radios[value], ` ${label}`));
    }
    box.append(row);
    return radios;
  }

  function choices(field) {
    const box = el('fieldset', { class: 'field choices' }, el('legend', { text: field.label }));
    const state = listState(field, box);
    const ticks = {};
    for (const option of field.options) {
      ticks[option.value] = el('input', { type: 'checkbox', value: option.value });
      ticks[option.value].addEventListener('change', () => {
        if (ticks[option.value].checked) state.these.checked = true;
      });
      box.append(el('label', { class: 'choice' }, ticks[option.value], ` ${option.label}`));
    }
    for (const key of ['none', 'unknown']) {
      state[key]?.addEventListener('change', () => Object.values(ticks).forEach((tick) => (tick.checked = false)));
    }
    return {
      node: box,
      get(path) {
        const ticked = field.options.map((option) => option.value).filter((value) => ticks[value].checked);
        if (state.none.checked || (state.these.checked && ticked.length === 0)) return { value: [], attests: [[path, 'None']] };
        if (state.unknown?.checked) return UNKNOWN;
        return state.these.checked ? { value: ticked, attests: [[path, ticked.join(', ')]] } : undefined;
      },
      set(value) {
        for (const [key, tick] of Object.entries(ticks)) tick.checked = Array.isArray(value) && value.includes(key);
        state.these.checked = Array.isArray(value) && value.length > 0;
        state.none.checked = Array.isArray(value) && value.length === 0;
        if (state.unknown) state.unknown.checked = false;
      },
      validate: () => [],
    };
  }

  // Repeatable entries (certifications, incidents, months) and lists of texts.
  function entries(field, rule) {
    const box = el('fieldset', { class: 'field entries' }, el('legend', { text: field.label }));
    const state = listState(field, box);
    const list = el('div', { class: 'list' });
    const note = message();
    const add = el('button', { type: 'button', class: 'add', text: `Add ${field.control === 'texts' ? 'one' : 'an entry'}` });
    box.append(list, add, note);
    const items = [];
    const addItem = () => {
      const item =
        field.control === 'texts'
          ? single({ key: field.key, label: `${field.label} ${items.length + 1}`, control: 'text', required: false }, rule)
          : group({ key: field.key, label: `Entry ${items.length + 1}`, fields: field.fields }, rule);
      const remove = el('button', { type: 'button', class: 'remove', text: 'Remove' });
      const row = el('div', { class: 'item' }, item.node, remove);
      const entry = { item, row };
      remove.addEventListener('click', () => {
        items.splice(items.indexOf(entry), 1);
        row.remove();
        changed();
      });
      items.push(entry);
      list.append(row);
      state.these.checked = true;
      return item;
    };
    add.addEventListener('click', () => {
      addItem();
      list.lastChild.querySelector('input, select')?.focus();
      changed();
    });
    for (const key of ['none', 'unknown']) {
      state[key]?.addEventListener('change', () => {
        items.splice(0).forEach((entry) => entry.row.remove());
        changed();
      });
    }
    const validate = () => {
      const problems = items.flatMap((entry) => entry.item.validate());
      const values = items.map((entry) => entry.item.get('')?.value).filter((value) => value !== undefined);
      let text = '';
      if (ENTRY_RULES[rule]) text = values.map(ENTRY_RULES[rule]).find((problem) => problem) || '';
      const key = UNIQUE[rule];
      if (!text && key) {
        const seen = values.map((value) => value[key]).filter((value) => value !== undefined);
        if (new Set(seen).size !== seen.length) text = `Each entry needs its own ${key}`;
      }
      return problems.concat(showMessage(note, null, text));
    };
    return {
      node: box,
      get(path) {
        if (state.none.checked) return { value: [], attests: [[path, 'None']] };
        if (state.unknown?.checked) return UNKNOWN;
        const answered = items.map((entry) => entry.item.get(path)).filter((answer) => answer && !answer.unknown);
        if (!state.these.checked || answered.length === 0) return undefined;
        return {
          value: answered.map((answer) => answer.value),
          attests: answered.map((answer, index) => [`${path}[${index}]`, field.control === 'texts' ? answer.value : null]),
        };
      },
      set(value) {
        items.splice(0).forEach((entry) => entry.row.remove());
        for (const entry of Array.isArray(value) ? value : []) addItem().set(entry);
        state.these.checked = Array.isArray(value) && value.length > 0;
        state.none.checked = Array.isArray(value) && value.length === 0;
        if (state.unknown) state.unknown.checked = false;
      },
      validate,
    };
  }

  // A group of fields: a nested object or one entry of a list. What the form does not
  // ask (such as the date the analyst observed it) is kept as it was.
  function group(field, rule) {
    const box = el('fieldset', { class: 'group' }, el('legend', { text: field.label }));
    const parts = field.fields.map((child) => {
      const control = make(child, `${rule}.${child.key}`);
      box.append(control.node);
      return { key: child.key, control };
    });
    let kept = {};
    return {
      node: box,
      get(path) {
        const value = { ...kept };
        const attests = [];
        let answered = false;
        for (const part of parts) {
          const answer = part.control.get(`${path}.${part.key}`);
          if (answer === undefined) continue;
          answered = true;
          attests.push(...answer.attests);
          if (!answer.unknown) value[part.key] = answer.value;
        }
        return answered ? { value, attests } : undefined;
      },
      set(value) {
        kept = Object.fromEntries(Object.entries(value || {}).filter(([key]) => !parts.some((part) => part.key === key)));
        for (const part of parts) part.control.set(value?.[part.key]);
      },
      validate: () => parts.flatMap((part) => part.control.validate()),
    };
  }

  // The control for `field`, marked with its path in the schema (no list indices).
  function make(field, rule) {
    const makers = { 'yes-no': yesNo, choice, choices, entries, texts: entries, group };
    const control = (makers[field.control] || single)(field, rule);
    control.node.dataset.path = rule;
    return control;
  }

  // The sections, grouped by practice.
  const sections = [];
  for (const practice of plan.groups) {
    const heading = el('h2', { id: uid(), text: practice.title });
    const part = el('section', { class: 'practice', 'aria-labelledby': heading.id }, heading);
    // A practice asked in one section of the same name is headed once.
    const headed = practice.sections.length === 1 && practice.sections[0].title === practice.title;
    for (const section of practice.sections) {
      const title = headed ? null : el('h3', { id: uid(), text: section.title });
      const box = el('section', { class: 'section', 'aria-labelledby': (title || heading).id }, title, el('p', { class: 'why', text: section.why }));
      // A section that is itself a list (certifications) is one question at its path.
      const parts = section.fields.map((field) => {
        const path = section.whole ? section.path : `${section.path}.${field.key}`;
        const control = make(field, path);
        box.append(control.node);
        return { key: field.key, path, control };
      });
      sections.push({ path: section.path, whole: section.whole, parts });
      part.append(box);
    }
    main.append(part);
  }

  const lookup = (object, path) => path.split('.').reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), object);
  const questions = () => sections.flatMap((section) => section.parts.filter((part) => part.key !== 'source'));

  function progress() {
    const all = questions();
    const answered = all.filter((part) => part.control.get(part.path) !== undefined).length;
    const bar = document.getElementById('progress');
    bar.max = all.length;
    bar.value = answered;
    document.getElementById('progress-text').textContent = `${answered} of ${all.length} questions`;
  }
  function changed() {
    progress();
  }

  function fill() {
    for (const section of sections) {
      for (const part of section.parts) part.control.set(lookup(base, part.path));
    }
    progress();
  }

  const inSection = (key) => sections.some((section) => key === section.path || key.startsWith(`${section.path}.`) || key.startsWith(`${section.path}[`));

  // The dossier to save: the starting dossier with every asked section replaced by the
  // answers, each answer recorded as vendor-attested. The attestations and disputed
  // claims the starting dossier held for those sections go with the old answers: the
  // new answers are the vendor's word now.
  function build(recorded) {
    const out = JSON.parse(JSON.stringify(base));
    const attestations = {};
    for (const [key, attestation] of Object.entries(out.attestations || {})) {
      if (!inSection(key)) attestations[key] = attestation;
    }
    const disputed = Object.entries(out.disputed || {}).filter(([key]) => !inSection(key));
    delete out.disputed;
    if (disputed.length > 0) out.disputed = Object.fromEntries(disputed);
    for (const section of sections) {
      const keys = section.path.split('.');
      let parent = out;
      for (const key of keys.slice(0, -1)) parent = parent[key] = parent[key] || {};
      const last = keys[keys.length - 1];
      const values = section.whole ? {} : parent[last] || {};
      for (const part of section.parts) {
        const answer = part.control.get(part.path);
        delete values[part.key];
        if (answer === undefined) continue;
        if (!answer.unknown) values[part.key] = answer.value;
        for (const [path, text] of answer.attests) {
          const attestation = { questionnaire: plan.questionnaire, version: plan.version };
          if (text !== null) attestation.answer = text;
          if (plan.rubric) attestation.rubric = plan.rubric;
          attestation.recorded = recorded;
          attestations[path] = attestation;
        }
      }
      if (section.whole && last in values) parent[last] = values[last];
      else if (!section.whole && Object.keys(values).length > 0) parent[last] = values;
      else delete parent[last];
    }
    delete out.attestations;
    const sorted = Object.keys(attestations).sort();
    if (sorted.length > 0) out.attestations = Object.fromEntries(sorted.map((key) => [key, attestations[key]]));
    return out;
  }

  document.getElementById('save').addEventListener('click', () => {
    const problems = sections.flatMap((section) => section.parts.flatMap((part) => part.control.validate()));
    if (problems.length > 0) {
      statusLine.textContent = `${problems.length} answer(s) need attention before saving: ${problems[0]}`;
      main.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const dossier = build(new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    const id = /^[a-z0-9-]{1,64}$/.test(dossier.vendor?.id || '') ? dossier.vendor.id : 'dossier';
    const blob = new Blob([`${JSON.stringify(dossier, null, 2)}\n`], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `${id}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    statusLine.textContent = `Saved ${id}.json to your downloads. Send that file back to us.`;
  });

  document.getElementById('load').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const loaded = JSON.parse(await file.text());
      if (!loaded || typeof loaded !== 'object' || typeof loaded.vendor !== 'object') throw new Error('it is not a dossier: it has no vendor');
      base = loaded;
      fill();
      statusLine.textContent = `Loaded ${file.name}. Carry on where you left off.`;
    } catch (error) {
      statusLine.textContent = `Cannot load ${file.name}: ${error.message}`;
    }
  });

  main.addEventListener('input', changed);
  main.addEventListener('change', changed);
  fill();
})();

// The photo picker: file input (a phone offers its camera or its gallery), drag-and-drop, and
// previews with sizes and a remove button. Each photo is checked and encoded
// by personkit as soon as it is picked, so submit only sends ready base64.

const MAX_PHOTOS = 3;

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * @param els `{ input, drop, list, error, count }`: `error` shows refused files (validation has its own line), `count` says how many are chosen (a polite live region)
 * @param personkit the browser module (`encodeImage`, optional `prepareImage`)
 * @param onChange called with the photo list after every change
 * @param say the page's words: `say(key, values)` (i18n.js t() in its language)
 */
export function createPhotoPicker(els, personkit, onChange, say) {
  const photos = [];
  let busy = 0;
  let nextId = 1; // not crypto.randomUUID: a phone on the LAN is not a secure context

  /**
   * What the last pick refused, shown by name: `{ name, tooMany: true }`, or
   * `{ name, file, message }` (encodeImage's words, in the language of the
   * moment: `reword` asks again after a change of language).
   */
  let refusals = [];
  let worded = 0; // a rewording still running when the refusals change is dropped
  const showRefusals = (list) => {
    refusals = list;
    worded += 1;
    els.error.textContent = list.map((r) => `${r.name}: ${r.tooMany ? say('tooManyPhotos', { n: MAX_PHOTOS }) : r.message}`).join('\n');
  };

  async function encode(file) {
    let blob = file;
    if (typeof personkit.prepareImage === 'function') {
      // Every photo, whatever its size: phone cameras write 3–12 MB photos
      // (downscaled here to keep uploads small), and a small selfie may be
      // stored sideways with an EXIF tag that the preview obeys and a
      // face-recognition service may not (made upright here). One that is
      // upright and small enough comes back as it is, read no further than
      // its header. A failed redraw (e.g. HEIC, which Chromium cannot
      // decode) falls through to encodeImage, whose error names the format
      // and what to do.
      blob = await personkit.prepareImage(file, { maxDimension: 1600, quality: 0.9, type: 'image/jpeg' }).catch(() => file);
    }
    // The checked (perhaps downscaled) file is what enrol() sends, as a multipart part.
    return { ...(await personkit.encodeImage(blob)), file: blob };
  }

  async function add(files) {
    const problems = [];
    for (const file of files) {
      if (photos.length + busy >= MAX_PHOTOS) {
        problems.push({ name: file.name, tooMany: true });
        continue;
      }
      busy += 1;
      // The photos keep the order they were picked in, whichever finishes
      // reading first (a pick and a drop made together may finish in either order).
      const id = nextId++;
      try {
        const encoded = await encode(file);
        const at = photos.findIndex((p) => p.id > id);
        photos.splice(at < 0 ? photos.length : at, 0, { id, name: file.name, url: URL.createObjectURL(file), ...encoded });
      } catch (err) {
        problems.push({ name: file.name, file, message: err?.message ?? say('unreadable', {}) });
      } finally {
        busy -= 1;
      }
    }
    showRefusals(problems);
    render();
    onChange(photos);
  }

  function remove(id) {
    const i = photos.findIndex((p) => p.id === id);
    if (i < 0) return;
    URL.revokeObjectURL(photos[i].url);
    photos.splice(i, 1);
    showRefusals([]);
    render();
    onChange(photos);
    // Keep keyboard users in place: the next remove button, else the picker.
    const buttons = els.list.querySelectorAll('button');
    (buttons[Math.min(i, buttons.length - 1)] ?? els.input).focus();
  }

  function render() {
    const n = photos.length;
    if (els.count) els.count.textContent = n === 0 ? '' : say(n === 1 ? 'photoCount1' : 'photoCount', { n });
    els.list.replaceChildren(...photos.map((p, i) => {
      const li = document.createElement('li');
      const img = document.createElement('img');
      img.src = p.url;
      img.alt = say('photoAlt', { n: i + 1 });
      const caption = document.createElement('span');
      caption.className = 'caption';
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = p.name;
      const meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent = `${p.width}×${p.height} · ${formatBytes(p.byteLength)}`;
      caption.append(name, meta);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'remove';
      button.textContent = say('remove', {});
      button.setAttribute('aria-label', say('removePhoto', { n: i + 1, name: p.name }));
      button.addEventListener('click', () => remove(p.id));
      li.append(img, caption, button);
      return li;
    }));
  }

  els.input.addEventListener('change', () => {
    const files = [...els.input.files];
    els.input.value = ''; // picking the same file again must fire change again
    add(files);
  });
  for (const type of ['dragenter', 'dragover']) {
    els.drop.addEventListener(type, (e) => { e.preventDefault(); els.drop.classList.add('over'); });
  }
  els.drop.addEventListener('dragleave', () => els.drop.classList.remove('over'));
  els.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    els.drop.classList.remove('over');
    add([...(e.dataTransfer?.files ?? [])]);
  });

  return {
    get photos() { return photos; },
    get busy() { return busy > 0; },
    clear() { for (const p of photos) URL.revokeObjectURL(p.url); photos.length = 0; showRefusals([]); render(); onChange(photos); },
    /** Words the list and the refusals again, after a change of language (personkit's setLocale first). */
    async reword() {
      render();
      const token = worded;
      const list = await Promise.all(refusals.map(async (r) => {
        if (r.tooMany) return r;
        // encodeImage refuses the same file in the same words, now in the new language.
        const message = await personkit.encodeImage(r.file).then(() => r.message, (err) => err?.message ?? say('unreadable', {}));
        return { ...r, message };
      }));
      if (token === worded) showRefusals(list);
    },
  };
}

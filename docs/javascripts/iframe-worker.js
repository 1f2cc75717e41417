/*
 * A stand-in for Web Workers when the handbook is opened from a folder (file://).
 *
 * Browsers refuse to start a worker from a file:// page, and Material's search runs in a worker.
 * Material's offline plugin would load a polyfill for this from unpkg.com, which is blocked or
 * missing on our intranets; this file replaces it (mkdocs-offline.yml lists it in
 * extra.polyfills, and the plugin leaves any polyfill named "iframe-worker" alone).
 *
 * The worker script runs in a hidden same-origin <iframe>. Material's worker recognises this
 * (it looks for `IFrameWorker` on its parent) and then finds its language files next to the
 * first <script src> of the frame, so the worker script must be that first script.
 * Messages are copied with structuredClone and delivered asynchronously, as with a real worker.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._pending = [];
      this._ready = false;
      this._frame = document.createElement("iframe");
      this._frame.hidden = true;
      this._frame.setAttribute("aria-hidden", "true");
      this._frame.setAttribute("tabindex", "-1");
      (document.body || document.documentElement).appendChild(this._frame);
      this._start(new URL(url, document.baseURI).href);
    }

    _start(src) {
      const frame = this._frame.contentWindow;
      const doc = this._frame.contentDocument;
      frame.postMessage = (data) => {
        const copy = structuredClone(data);
        setTimeout(() => this._emit("message", new MessageEvent("message", { data: copy })));
      };
      frame.importScripts = (...urls) => urls.reduce(
        (done, url) => done.then(() => load(doc, new URL(url, src).href)),
        Promise.resolve()
      );
      frame.close = () => this.terminate();
      frame.addEventListener("error", (event) => this._emit("error", new ErrorEvent("error", {
        message: event.message, filename: event.filename, lineno: event.lineno, colno: event.colno,
      })));
      load(doc, src).then(() => {
        this._ready = true;
        for (const data of this._pending.splice(0)) this.postMessage(data);
      }, () => this._emit("error", new ErrorEvent("error", { message: `cannot load ${src}` })));
    }

    _emit(type, event) {
      const handler = type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }

    postMessage(data) {
      if (!this._ready) {
        this._pending.push(data);
        return;
      }
      const frame = this._frame.contentWindow;
      const copy = frame.structuredClone(data);
      setTimeout(() => frame.dispatchEvent(new frame.MessageEvent("message", { data: copy })));
    }

    terminate() {
      this._frame.remove();
    }
  }

  function load(doc, src) {
    return new Promise((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(src));
      (doc.body || doc.head || doc.documentElement).appendChild(script);
    });
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();

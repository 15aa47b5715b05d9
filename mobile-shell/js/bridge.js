// The seam between the shell and its host. Screens and the modules both shells share talk only to
// `bridge`; the entry of each shell installs the host it runs in, once, before anything else runs:
//   H5 / web-view     hosts/h5.js       (fetch, IndexedDB, getUserMedia, WebCrypto)
//   WeChat            hosts/wechat.js   (wx.request, the file system manager and storage,
//                                        wx.scanCode, wx.getRandomValues, WXWebAssembly)
//   Alipay            the same shape over my.* (not written yet)
// So no screen calls a host API directly, and a new host is one file.
//
// What a host provides (every host, the same names and meaning):
//   name                              'h5', 'wechat', …
//   createCore(options, module)       the phone core module `module` ('tongban-phone', or
//                                     'tongban-phone-sm' for an `sm` deployment): the Emscripten
//                                     factory called with `options` (the random source among them),
//                                     loaded the host's way
//   randomBytes(n)                    n cryptographically secure bytes, synchronously
//   asset(path) / assetText(path)     a file shipped with the app (data/guides.tbg, keys): bytes / text
//   fetchBytes(url) / fetchText(url)  a file from the publisher (guide updates)
//   http(method, path, body, type, headers)  one exchange with the intake: {status, bytes}; rejects
//                                     only when there was no answer
//   isOnline(), onConnectivityChange(fn)
//   getPreference(key), setPreference(key, value)   small non-personal settings
//   textScale()                       the host's text size against its standard one (1: standard;
//                                     elderly.js follows it until the person chooses 长辈版 or not)
//   store.get/put/remove/keys(prefix)               durable binary blobs, each write atomic
//   dataKey()                         the key the core seals personal data with before it is stored
//   openCamera() (H5) / scanCode() (mini-programs)  how a code is read
//   signInReturnUrl(), goToProvider(url), providerReturn(), keepSignIn(pending) / keptSignIn(),
//   providerRequest(method, url, form)   real-name sign-in's journey (signin.js decides the request
//                                     and checks the answer): where the provider sends the person
//                                     back, taking them there, the return's query ({code, state, iss}
//                                     or {error}; null when this start is not a return), what the
//                                     phone keeps meanwhile, and one exchange with the provider
//                                     ({status, json})
//   noticeChannel()                   notices (notices.js): 'webpush', 'wechat' or null
//   pushSubscribe(serverKey), pushUnsubscribe()   Web Push: a subscription for the intake's key, as
//                                     PushSubscription.toJSON() gives it (rejects with the reason
//                                     in the resident's words); dropping it
//   requestSubscribe(tmplIds), loginCode()   WeChat: the person's answers to the subscription
//                                     message templates ({id: 'accept'|'reject'}); a wx.login code
let current = null;

export function useHost(host) {
  current = host;
}

// Forwards to the installed host (a call before useHost() is a mistake in the shell's entry).
export const bridge = new Proxy({}, {
  get(_, name) {
    if (!current) throw new Error(`bridge.${String(name)}: no host installed (the shell's entry calls useHost first)`);
    return current[name];
  },
});

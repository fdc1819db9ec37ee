// Small helpers for the server-rendered forms (sign-up, sign-in, ...). Delegated from the document so they
// work however the page arrived (full load or enhanced navigation) and need no Blazor circuit.
(() => {
    const suggest = company => {
        const slug = company.toLowerCase().replace(/[^a-z0-9]/g, '-').split('-').filter(Boolean).join('-');
        return slug.length > 40 ? slug.slice(0, 40).replace(/-+$/, '') : slug;
    };

    const timers = new WeakMap();
    const checkAddress = input => {
        const target = document.getElementById(input.dataset.checkAddress);
        if (!target) return;
        clearTimeout(timers.get(input));
        const slug = input.value.trim().toLowerCase();
        if (!slug) {
            target.className = 'psa-availability ok';
            target.textContent = 'Letters, digits and hyphens.';
            return;
        }
        timers.set(input, setTimeout(async () => {
            try {
                const response = await fetch('/signup/address?slug=' + encodeURIComponent(slug), { headers: { Accept: 'application/json' } });
                if (!response.ok || input.value.trim().toLowerCase() !== slug) return;
                const { problem } = await response.json();
                target.className = 'psa-availability ' + (problem ? 'bad' : 'ok');
                target.textContent = problem ?? `✓ ${slug}.${input.dataset.baseDomain} is available`;
            } catch {
                // Offline or the server is restarting: the form post checks the address anyway.
            }
        }, 150));
    };

    document.addEventListener('input', e => {
        const input = e.target;
        if (!(input instanceof HTMLInputElement)) return;
        if (input.dataset.suggestTarget) {
            const slug = document.getElementById(input.dataset.suggestTarget);
            // Once the person types an address of their own, the company name no longer overwrites it.
            if (slug && slug.dataset.edited !== 'true') {
                slug.value = suggest(input.value);
                checkAddress(slug);
            }
        }
        if (input.dataset.checkAddress) {
            input.dataset.edited = 'true';
            checkAddress(input);
        }
        // The person is fixing the field: its old complaint goes (the post checks the new value again). Only on
        // server-rendered forms that post: an interactive page's errors belong to its circuit, and removing an
        // element Blazor rendered breaks its next render.
        if (input.closest('form[method="post" i]')) {
            input.closest('.psa-field')?.querySelectorAll('.psa-field-error').forEach(error => error.remove());
        }
    });

    // A framed document (the portal's invoice) is as tall as its content, so the page scrolls, not a box inside it.
    const fit = frame => {
        try {
            const body = frame.contentDocument?.documentElement;
            if (body) frame.style.height = body.scrollHeight + 'px';
        } catch {
            // Another origin's document keeps its own height.
        }
    };
    document.addEventListener('load', e => {
        if (e.target instanceof HTMLIFrameElement && e.target.hasAttribute('data-fit-content')) fit(e.target);
    }, true);
    window.addEventListener('resize', () => document.querySelectorAll('iframe[data-fit-content]').forEach(fit));
    document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('iframe[data-fit-content]').forEach(f => {
        if (f.contentDocument?.readyState === 'complete') fit(f);
    }));

    // A second click on a form that is already posting must not post it again.
    document.addEventListener('submit', e => {
        const form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-submit-once')) return;
        if (form.dataset.submitting === 'true') {
            e.preventDefault();
            return;
        }
        form.dataset.submitting = 'true';
        form.querySelector('button[type=submit]')?.setAttribute('aria-busy', 'true');
    });

    // A page restored from the back/forward cache may be posted again.
    window.addEventListener('pageshow', () => document.querySelectorAll('form[data-submitting]').forEach(f => delete f.dataset.submitting));
})();

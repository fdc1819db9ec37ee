// Pointer dragging for the staff Gantt (ProjectGantt.razor). The bar follows the pointer in whole days;
// on release the server is told how many days the start and the end moved and decides (it may refuse).
// Positions come from the server's render: this module only adds a temporary offset while dragging.
const edge = 8;
const threshold = 4;

export function attach(root, dotnet, dayWidth) {
    let drag = null;

    function clear(bar) {
        bar.style.removeProperty('--psa-gantt-dx');
        bar.style.removeProperty('--psa-gantt-dw');
        bar.classList.remove('dragging');
        delete bar.dataset.shift;
    }

    function down(e) {
        const bar = e.target.closest('.psa-gantt-bar[data-movable]');
        if (!bar || e.button !== 0 || !root.contains(bar)) return;
        const box = bar.getBoundingClientRect();
        const isTask = bar.hasAttribute('tabindex');
        const mode = isTask && e.clientX >= box.right - edge ? 'end' : isTask && e.clientX <= box.left + edge ? 'start' : 'move';
        drag = { bar, mode, x: e.clientX, days: 0, width: box.width, moved: false };
        bar.setPointerCapture(e.pointerId);
        if (isTask) bar.focus({ preventScroll: true });
        e.preventDefault();
    }

    function move(e) {
        if (!drag) return;
        const dx = e.clientX - drag.x;
        if (!drag.moved && Math.abs(dx) < threshold) return;
        drag.moved = true;
        drag.bar.classList.add('dragging');
        let days = Math.round(dx / dayWidth);
        // A bar never gets shorter than one day.
        const span = Math.round((drag.width + 6) / dayWidth);
        if (drag.mode === 'end') days = Math.max(days, 1 - span);
        if (drag.mode === 'start') days = Math.min(days, span - 1);
        drag.days = days;
        const px = days * dayWidth + 'px';
        if (drag.mode === 'move' || drag.mode === 'start') drag.bar.style.setProperty('--psa-gantt-dx', px);
        if (drag.mode === 'end') drag.bar.style.setProperty('--psa-gantt-dw', px);
        if (drag.mode === 'start') drag.bar.style.setProperty('--psa-gantt-dw', -days * dayWidth + 'px');
        drag.bar.dataset.shift = days === 0 ? '' : (days > 0 ? '+' : '−') + Math.abs(days) + (Math.abs(days) === 1 ? ' day' : ' days');
    }

    async function up() {
        if (!drag) return;
        const { bar, mode, days, moved } = drag;
        drag = null;
        if (!moved || days === 0) {
            clear(bar);
            return;
        }

        const start = mode === 'end' ? 0 : days;
        const end = mode === 'start' ? 0 : days;
        try {
            await dotnet.invokeMethodAsync('Drag', bar.dataset.id, start, end);
        } finally {
            clear(bar);
        }
    }

    function cancel() {
        if (!drag) return;
        clear(drag.bar);
        drag = null;
    }

    // Arrow keys on a focused bar reschedule it (handled by the component); keep them from scrolling the view.
    function key(e) {
        if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.target.classList?.contains('psa-gantt-bar')) {
            e.preventDefault();
        }
    }

    root.addEventListener('pointerdown', down);
    root.addEventListener('pointermove', move);
    root.addEventListener('pointerup', up);
    root.addEventListener('pointercancel', cancel);
    root.addEventListener('keydown', key);
    root.dataset.dragReady = '';
    return {
        dispose() {
            root.removeEventListener('pointerdown', down);
            root.removeEventListener('pointermove', move);
            root.removeEventListener('pointerup', up);
            root.removeEventListener('pointercancel', cancel);
            root.removeEventListener('keydown', key);
            delete root.dataset.dragReady;
        },
    };
}

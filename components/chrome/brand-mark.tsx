/** The app's mark, as the wallboard's top bar draws it. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden>
      <rect width="32" height="32" rx="8" fill="#e0293f" />
      <rect x="7" y="17" width="4" height="8" rx="1" fill="#fff" opacity="0.92" />
      <rect x="14" y="11" width="4" height="14" rx="1" fill="#fff" opacity="0.92" />
      <rect x="21" y="7" width="4" height="18" rx="1" fill="#fff" opacity="0.92" />
    </svg>
  );
}

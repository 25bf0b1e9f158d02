import { useLocation, useNavigate } from "@remix-run/react";
import { Pagination } from "@shopify/polaris";

/** Previous/next for a paged list; keeps the page's other query parameters (filters). */
export function Pager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const location = useLocation();
  const navigate = useNavigate();
  const go = (to: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(to));
    navigate(`${location.pathname}?${params}`);
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Pagination
      hasPrevious={page > 1}
      onPrevious={() => go(page - 1)}
      hasNext={page < pages}
      onNext={() => go(page + 1)}
      label={`Page ${page} of ${pages} (${total.toLocaleString("en")})`}
    />
  );
}

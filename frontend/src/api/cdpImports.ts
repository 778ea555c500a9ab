import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CdpImport, Envelope, ImportListQuery, ImportMapping, Paginated } from '@stratum/contracts';
import type { ImportKind } from '@/lib/importMapping';
import { apiClient, cleanParams, unwrap } from './client';

export const importKeys = {
  all: ['cdp-imports'] as const,
  /** Every page of the list: what to invalidate when an import is created or finishes. */
  lists: () => [...importKeys.all, 'list'] as const,
  list: (query: ImportListQuery) => [...importKeys.lists(), query] as const,
  detail: (id: string) => [...importKeys.all, 'detail', id] as const,
};

/** Queued and running imports still move; the others are final. */
export function isImportActive(status: CdpImport['status']): boolean {
  return status === 'queued' || status === 'running';
}

export function fetchImports(query: ImportListQuery): Promise<Paginated<CdpImport>> {
  return unwrap(apiClient.get<Envelope<Paginated<CdpImport>>>('/cdp/imports', { params: cleanParams(query) }));
}

/** One page of the tenant's imports, newest first; the rows poll their own progress (`useImportProgress`). */
export function useImports(query: ImportListQuery) {
  return useQuery({
    queryKey: importKeys.list(query),
    queryFn: () => fetchImports(query),
    placeholderData: keepPreviousData,
  });
}

const PROGRESS_POLL_MS = 1000;

/** One import's progress: polled every second while it is queued or running, then left alone. */
export function useImportProgress(listed: CdpImport) {
  return useQuery({
    queryKey: importKeys.detail(listed.id),
    queryFn: () => unwrap(apiClient.get<Envelope<CdpImport>>(`/cdp/imports/${listed.id}`)),
    initialData: listed,
    enabled: isImportActive(listed.status),
    refetchInterval: (query) => (query.state.data && isImportActive(query.state.data.status) ? PROGRESS_POLL_MS : false),
  });
}

export interface ImportUpload {
  file: File;
  kind: ImportKind;
  /** Required for CSV; optional for NDJSON (without it each line is taken as a CDP event or profile). */
  mapping?: ImportMapping;
  sourceId?: string;
  /** 0–100 while the file is being sent. */
  onUploadProgress?: (percent: number) => void;
}

/** multipart/form-data with the fields first, so the server knows what it is reading before the file streams in. */
export function importForm({ file, kind, mapping, sourceId }: ImportUpload): FormData {
  const form = new FormData();
  form.append('kind', kind);
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  if (sourceId) form.append('source_id', sourceId);
  form.append('file', file, file.name);
  return form;
}

export function useCreateImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upload: ImportUpload) =>
      unwrap(
        apiClient.post<Envelope<CdpImport>>('/cdp/imports', importForm(upload), {
          onUploadProgress: (event) => {
            if (event.total) upload.onUploadProgress?.(Math.round((event.loaded / event.total) * 100));
          },
        }),
      ),
    onSuccess: (created) => {
      // Show the new import on the first page at once; the refetch below brings every page in line.
      queryClient.setQueriesData<Paginated<CdpImport>>({ queryKey: importKeys.lists() }, (current) => {
        if (!current || current.page !== 1) return current;
        const known = current.items.some((i) => i.id === created.id);
        const items = [created, ...current.items.filter((i) => i.id !== created.id)].slice(0, current.page_size);
        return { ...current, items, total: known ? current.total : current.total + 1 };
      });
      void queryClient.invalidateQueries({ queryKey: importKeys.lists() });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CdpImport, Envelope, ImportMapping } from '@stratum/contracts';
import type { ImportKind } from '@/lib/importMapping';
import { apiClient, unwrap } from './client';

export const importKeys = {
  all: ['cdp-imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  detail: (id: string) => [...importKeys.all, 'detail', id] as const,
};

/** Queued and running imports still move; the others are final. */
export function isImportActive(status: CdpImport['status']): boolean {
  return status === 'queued' || status === 'running';
}

/** The latest 50 imports of the tenant, newest first. */
export function useImports() {
  return useQuery({
    queryKey: importKeys.list(),
    queryFn: () => unwrap(apiClient.get<Envelope<CdpImport[]>>('/cdp/imports')),
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
      queryClient.setQueryData<CdpImport[]>(importKeys.list(), (current) => [created, ...(current ?? []).filter((i) => i.id !== created.id)]);
      void queryClient.invalidateQueries({ queryKey: importKeys.list() });
    },
  });
}

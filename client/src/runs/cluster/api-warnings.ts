// The API server's warnings (HTTP `Warning: 299 - "…"` headers), which kubectl prints as
// "Warning: …": a pod template that would violate the namespace's Pod Security level, a
// deprecated field. The request succeeds; the user should still hear about them.
import { Observable, type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext } from '@kubernetes/client-node';

/** The texts of a Warning header: one or more `299 - "text"` warnings (RFC 9111), joined by commas. */
export function parseWarningHeader(value: string): string[] {
  const texts: string[] = [];
  for (const match of value.matchAll(/\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?/g)) texts.push(match[1].replace(/\\(.)/g, '$1'));
  return texts;
}

/** Options for API calls that hand each warning of their responses to `onWarning`, once: a warning said again is not repeated. */
export function warningOptions(onWarning: (text: string) => void): ConfigurationOptions<ObservableMiddleware> {
  const heard = new Set<string>();
  return {
    middleware: [
      {
        pre: (request: RequestContext) => new Observable(Promise.resolve(request)),
        post: (response: ResponseContext) => {
          const header = response.headers.warning;
          if (header) {
            for (const text of parseWarningHeader(header)) {
              if (heard.has(text)) continue;
              heard.add(text);
              onWarning(text);
            }
          }
          return new Observable(Promise.resolve(response));
        },
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

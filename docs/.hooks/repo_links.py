"""MkDocs hook: keep the site's links working when a page links into the repository.

docs/index.md is README.md copied by `npm run docs:prepare`, so its links are relative to the
repository root (`docs/adr/`, `apps/auth-service/README.md`, ...). Links into docs/ become site
links; links to other files of the repository become links to `repo_url` when it is set, and plain
text naming the path otherwise (the site only holds docs/). Anything else is left to MkDocs, so
`mkdocs build --strict` still fails on a genuinely broken link.
The repository root is the directory of mkdocs.yml, or $DOCS_REPO_ROOT when the site is built
from a copy (tools/ci/validate-offline.sh).
"""
import os
import posixpath
import re

LINK = re.compile(r'(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)')
FENCE = re.compile(r'^(```|~~~)')
SCHEME = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:')


def on_page_markdown(markdown, page, config, files, **kwargs):
    root = os.environ.get('DOCS_REPO_ROOT') or os.path.dirname(config['config_file_path'])
    src = page.file.src_uri
    # Where the page's links are relative to, as a path in the repository.
    base = '' if src == 'index.md' else posixpath.join('docs', posixpath.dirname(src))
    repo_url = (config.get('repo_url') or '').rstrip('/')

    def fix(match):
        text, url = match.group(1), match.group(2)
        if SCHEME.match(url) or url.startswith(('#', '/')):
            return match.group(0)
        path, sep, fragment = url.partition('#')
        target = posixpath.normpath(posixpath.join(base, path))
        if target == 'docs' or target.startswith('docs/'):
            in_docs = target[len('docs/'):] if target != 'docs' else ''
            rel = posixpath.relpath(in_docs or '.', posixpath.dirname(src) or '.')
            if in_docs == '' or os.path.isdir(os.path.join(config['docs_dir'], in_docs)):
                rel = rel.rstrip('/') + '/'
            return f'[{text}]({rel}{sep}{fragment})'
        if not os.path.exists(os.path.join(root, target)):
            return match.group(0)
        if repo_url:
            kind = 'tree' if os.path.isdir(os.path.join(root, target)) else 'blob'
            return f'[{text}]({repo_url}/{kind}/main/{target}{sep}{fragment})'
        return text if f'`{target}`' in text or text == target else f'{text} (`{target}`)'

    out, in_fence = [], False
    for line in markdown.split('\n'):
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        out.append(line if in_fence else LINK.sub(fix, line))
    return '\n'.join(out)

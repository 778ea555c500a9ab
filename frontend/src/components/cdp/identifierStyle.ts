import { Cookie, IdCard, Mail, Phone, Smartphone, Tag, type LucideIcon } from 'lucide-react';

interface IdentifierStyle {
  icon: LucideIcon;
  /** Classes for a round icon chip in lists. */
  chip: string;
  /** SVG classes for identity graph nodes. */
  node: string;
  nodeIcon: string;
}

const STYLES: Record<string, IdentifierStyle> = {
  external_id: {
    icon: IdCard,
    chip: 'bg-violet-50 text-violet-600 dark:bg-violet-500/10 dark:text-violet-300',
    node: 'fill-violet-50 stroke-violet-500 dark:fill-violet-500/15 dark:stroke-violet-400',
    nodeIcon: 'text-violet-600 dark:text-violet-300',
  },
  email: {
    icon: Mail,
    chip: 'bg-indigo-50 text-indigo-600 dark:bg-indigo-500/10 dark:text-indigo-300',
    node: 'fill-indigo-50 stroke-indigo-500 dark:fill-indigo-500/15 dark:stroke-indigo-400',
    nodeIcon: 'text-indigo-600 dark:text-indigo-300',
  },
  phone: {
    icon: Phone,
    chip: 'bg-emerald-50 text-emerald-600 dark:bg-emerald-500/10 dark:text-emerald-300',
    node: 'fill-emerald-50 stroke-emerald-500 dark:fill-emerald-500/15 dark:stroke-emerald-400',
    nodeIcon: 'text-emerald-600 dark:text-emerald-300',
  },
  device_id: {
    icon: Smartphone,
    chip: 'bg-amber-50 text-amber-600 dark:bg-amber-500/10 dark:text-amber-300',
    node: 'fill-amber-50 stroke-amber-500 dark:fill-amber-500/15 dark:stroke-amber-400',
    nodeIcon: 'text-amber-600 dark:text-amber-300',
  },
  anonymous_id: {
    icon: Cookie,
    chip: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
    node: 'fill-zinc-100 stroke-zinc-400 dark:fill-zinc-800 dark:stroke-zinc-500',
    nodeIcon: 'text-zinc-600 dark:text-zinc-300',
  },
};

const CUSTOM: IdentifierStyle = {
  icon: Tag,
  chip: 'bg-sky-50 text-sky-600 dark:bg-sky-500/10 dark:text-sky-300',
  node: 'fill-sky-50 stroke-sky-500 dark:fill-sky-500/15 dark:stroke-sky-400',
  nodeIcon: 'text-sky-600 dark:text-sky-300',
};

/** Icon and colours of an identifier type, the same in the identifiers list and the identity graph. */
export function identifierStyle(type: string): IdentifierStyle {
  return STYLES[type] ?? CUSTOM;
}

/** Identity resolution priority (SPEC §4), strongest first; custom types after the built-in ones. */
const PRIORITY = ['external_id', 'email', 'phone', 'device_id', 'anonymous_id'];
export function identifierRank(type: string): number {
  const index = PRIORITY.indexOf(type);
  return index === -1 ? PRIORITY.length : index;
}

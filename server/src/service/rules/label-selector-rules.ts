// A label selector as the API server validates it (matchLabels and matchExpressions), and whether
// it selects a set of labels.
import { labelValueProblem, qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { checkLabelMap } from './metadata-rules';
import { asMap, isNullNode, keyText, nodeAt, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function checkLabelSelector(selector: unknown, collector: FindingCollector): void {
  checkLabelMap(nodeAt(selector, 'matchLabels'), collector, 'selector label');
  for (const expression of seqItems(nodeAt(selector, 'matchExpressions'))) {
    const key = stringAt(expression, 'key');
    const keyProblem = key === undefined ? undefined : qualifiedNameProblem(key);
    if (keyProblem) collector.report('selector', `Invalid selector key "${key}": ${keyProblem}.`, nodeAt(expression, 'key'));
    const operator = stringAt(expression, 'operator');
    const valuesNode = nodeAt(expression, 'values');
    const values = seqItems(valuesNode);
    const anchor = nodeAt(expression, 'operator') ?? asMap(expression)?.items[0]?.key ?? expression;
    if (operator !== undefined && !OPERATORS.includes(operator)) {
      collector.report('selector', `"${operator}" is not a valid selector operator: use ${OPERATORS.join(', ')}.`, anchor);
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      collector.report('selector', `The ${operator} operator needs at least one value.`, valuesNode && !isNullNode(valuesNode) ? valuesNode : anchor);
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      collector.report('selector', `The ${operator} operator takes no values.`, valuesNode);
    }
    for (const value of values) {
      const text = scalarValue(value);
      const problem = typeof text === 'string' ? labelValueProblem(text) : undefined;
      if (problem) collector.report('selector', `Invalid selector value "${text}": ${problem}.`, value);
    }
  }
}

/** Whether the selector selects these labels; undefined when it cannot be told from the text. */
export function selectorMatches(selector: unknown, labels: unknown): boolean | undefined {
  const labelMap = asMap(labels);
  const labelValue = (key: string): string | undefined => {
    for (const pair of labelMap?.items ?? []) if (keyText(pair) === key) return String(scalarValue(pair.value) ?? '');
    return undefined;
  };
  for (const pair of asMap(nodeAt(selector, 'matchLabels'))?.items ?? []) {
    const key = keyText(pair);
    const expected = scalarValue(pair.value);
    if (key === undefined || expected === undefined) return undefined;
    if (labelValue(key) !== String(expected)) return false;
  }
  for (const expression of seqItems(nodeAt(selector, 'matchExpressions'))) {
    const key = stringAt(expression, 'key');
    const operator = stringAt(expression, 'operator');
    if (key === undefined || operator === undefined) return undefined;
    const values = seqItems(nodeAt(expression, 'values')).map((value) => String(scalarValue(value) ?? ''));
    // An expression the API server cannot read selects nothing it compares.
    if ((operator === 'In' || operator === 'NotIn') === (values.length === 0)) return undefined;
    const actual = labelValue(key);
    const matches =
      operator === 'In' ? actual !== undefined && values.includes(actual)
      : operator === 'NotIn' ? actual === undefined || !values.includes(actual)
      : operator === 'Exists' ? actual !== undefined
      : operator === 'DoesNotExist' ? actual === undefined
      : undefined;
    if (matches !== true) return matches;
  }
  return true;
}

/**
 * The Jira Service Management connector: issues as JSON (a REST search response with
 * changelog, or single issues), recognised by issue records with key and fields. A
 * mapping's `fields.group` names the group field when it is not one of the usual names.
 */
import type { Connector, FileSample } from '../kit/connector.ts';
import { isJiraIssues } from './fields.ts';
import { stageJiraFiles } from './stage-jira.ts';

export const jiraConnector: Connector = {
  name: 'jira',
  label: 'Jira Service Management issues with changelog (JSON)',
  detect(sample: FileSample) {
    if (sample.headers) return { score: 0, reason: 'Jira issues are read as JSON' };
    const { ok, evidence } = isJiraIssues(sample.topLevelKeys ?? [], Object.keys(sample.firstRecord ?? {}));
    return ok ? { score: 0.9, reason: `Jira issues: ${evidence}` } : { score: 0, reason: evidence };
  },
  stage(tx, options) {
    const groupField = options.mapping?.fields?.group;
    return stageJiraFiles(tx, [{ filePath: options.filePath, fileName: options.fileName }, ...(options.companionFiles ?? [])], {
      districtTimeZone: options.districtTimeZone,
      timeZone: options.mapping?.timeZone,
      dateFormat: options.dateFormat ?? options.mapping?.dateFormat,
      groupFields: groupField ? [groupField] : undefined,
      automatedAuthors: options.mapping?.automatedActivities,
    });
  },
};

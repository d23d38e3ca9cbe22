import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Client, TestApp } from './test-app.js';

/** Workflow tests' helpers over deals: a workflow (admin), switching it off, a deal (sales1), its tasks, its runs. */
export function workflowFixtures(get: () => { t: TestApp; admin: Client; sales1: Client }) {
  let seq = 0;
  return {
    async workflow(body: Record<string, unknown>) {
      const r = await get().admin.post('/api/v1/records/workflows', { name: `wf ${++seq}`, module: 'deals', ...body });
      expect(r.status, r.raw).toBe(201);
      return r.body.data;
    },
    async off(id: string) {
      expect((await get().admin.patch(`/api/v1/records/workflows/${id}`, { active: false })).status).toBe(200);
    },
    async deal(values: Record<string, unknown> = {}) {
      const r = await get().sales1.post('/api/v1/records/deals', { name: `Deal ${++seq}`, close_date: '2027-03-01', stage: 'prospecting', amount: '100', ...values });
      expect(r.status, r.raw).toBe(201);
      return r.body.data;
    },
    async tasksOf(dealId: string) {
      const r = await sql<{ subject: string; assigned_to: string; due_date: string }>`select subject, assigned_to::text, due_date::text from tasks
        where related_to = ${dealId} and deleted_at is null order by created_at`.execute(get().t.app.database.db);
      return r.rows;
    },
    runsOf: async (id: string) => (await get().admin.get(`/api/v1/workflows/${id}/runs`)).body.data,
  };
}

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Unimem: remote DMA to virtual addresses across nodes (experiment E4).
 *
 * In a global address space a node's DMA writes to (or reads from) a
 * *virtual* address of a process on another node, and the destination
 * node's SMMU translates it with that process's tables.  A node here is
 * one model instance with its kernel (struct scn_node); its network
 * interface (the model's NI, a PL master) carries out the data movement
 * through the SMMU with a stream ID per process.  The nodes exchange
 * packets over a transport (MPI, one rank per node: unimem/mpi.c).
 *
 * Global address: (node, PDID, VA).  As in ExaNeSt's interconnect header,
 * the destination is a node, a 16-bit protection domain ID names the
 * process there (its exported address space), and the VA is translated at
 * the destination; ExaNeSt carries 42 bits of VA, vadma 48 (the whole
 * stage-1 input range of a 4 KiB, 4-level table).
 *
 * Packet (little-endian, UNIMEM_HDR_SIZE bytes, then the payload):
 *
 *   0  u32 magic "UNIM" (0x4d494e55)     4  u8 version (1), u8 type,
 *                                           u16 flags (0)
 *   8  u16 source node, u16 destination node, u16 PDID, u16 reserved (0)
 *  16  u32 tag (the initiator's request), u32 length
 *  24  u64 VA (request: the destination VA; answer: the faulting VA)
 *  32  u64 key (requests; 0 in answers)
 *  40  s32 status (answers; 0 in requests), u32 bytes done (answers)
 *  48  payload: PUT and GET_DATA carry @length bytes; the others none
 *
 * A BATCH carries records (tag, VA, key, PDID, status 0; bytes: how many
 * records; length: the body): each a u32 size (the record's, this prefix
 * included), u32 flags (UNIMEM_REC_VOID: skip it), a packet of one
 * operation, padding.  Operations with at most UNIMEM_COALESCE_MAX bytes
 * of payload, and answers, go in batches; a batch is checked whole before
 * any of it is served, and each operation in it is answered alone.
 *
 * Semantics:
 *   - A node accepts remote access to a process only after the process
 *     exported its address space under a PDID with a 64-bit key; a request
 *     with an unknown PDID or a wrong key is refused (-EACCES) before any
 *     byte moves.
 *   - PUT completes at the initiator when the destination's NI has written
 *     every byte into the process's memory (or stopped at a fault): the
 *     PUT_DONE answer carries the status, the bytes written and the
 *     faulting VA.  GET completes when the data (GET_DATA) has been written
 *     into the initiator's local buffer.
 *   - Faults at the destination stall; the destination's kernel serves
 *     them as for any device (page in, make dirty or young) and the NI
 *     goes on.  A fault the kernel refuses ends the operation: the answer
 *     reports -EFAULT with the faulting VA; bytes before it were written.
 *   - Order: operations from one initiator to one destination are carried
 *     out in the order they were issued (a node sends what goes to one node
 *     in that order, the transport keeps order between two nodes, the NI
 *     runs one job at a time); answers arrive in the same order.  An
 *     operation that fails at the initiator ends at once, and a get ends
 *     when its data is written locally.  Nothing is ordered between
 *     different destinations.
 *   - A node that leaves says so (BYE); operations to it then complete with
 *     -EHOSTDOWN.  The transport adds a time limit for nodes that vanish
 *     without a word.
 */
#ifndef VADMA_UNIMEM_H
#define VADMA_UNIMEM_H

#include "vadma/env.h"
#include "vadma/model.h"
#include "vadma/os.h"

#define UNIMEM_MAGIC	    0x4d494e55U
#define UNIMEM_VERSION	    1
#define UNIMEM_HDR_SIZE	    48
#define UNIMEM_VA_BITS	    48
#define UNIMEM_MAX_LEN	    (4U << 20) /* bytes per operation */
#define UNIMEM_MAX_NODES    4096
#define UNIMEM_MAX_EXPORTS  8	 /* NI AXI IDs: one stream per process */
#define UNIMEM_MAX_OPS	    1024 /* operations in flight per node */
/* Operations with at most this much payload travel coalesced in a BATCH. */
#define UNIMEM_COALESCE_MAX (8U << 10)
/* The largest BATCH packet a node sends, header included. */
#define UNIMEM_BATCH_MAX    (64U << 10)
/* A record in a BATCH: u32 size (this prefix included), u32 flags. */
#define UNIMEM_REC_SIZE	    8
#define UNIMEM_REC_VOID	    1 /* the record carries nothing: skip it */

enum unimem_type {
	UNIMEM_PUT = 1,	     /* write payload at (PDID, VA) */
	UNIMEM_GET = 2,	     /* read length bytes at (PDID, VA) */
	UNIMEM_PUT_DONE = 3, /* the answer to a PUT */
	UNIMEM_GET_DATA = 4, /* the answer to a GET, with the data */
	UNIMEM_BYE = 5,	     /* the sender leaves */
	UNIMEM_BATCH = 6,    /* records, each a packet of the types above */
};

/**
 * struct unimem_gaddr - a global virtual address
 * @node: the node
 * @pdid: the protection domain (an exported process) on @node
 * @va:   the virtual address in it, below 2^UNIMEM_VA_BITS
 */
struct unimem_gaddr {
	u16 node;
	u16 pdid;
	u64 va;
};

/**
 * struct unimem_hdr - a packet header, decoded
 * @type:   enum unimem_type
 * @src:    the sending node
 * @dst:    the destination node
 * @pdid:   the protection domain at the request's destination
 * @tag:    the initiator's request, echoed in the answer
 * @len:    bytes of the operation (a PUT's or GET_DATA's payload)
 * @va:     request: the destination VA; answer: the faulting VA
 * @key:    requests: the export's key; 0 in answers
 * @status: answers: 0 or a negative errno; 0 in requests
 * @bytes:  answers: bytes done before the operation ended
 */
struct unimem_hdr {
	u8 type;
	u16 src;
	u16 dst;
	u16 pdid;
	u32 tag;
	u32 len;
	u64 va;
	u64 key;
	s32 status;
	u32 bytes;
};

/**
 * unimem_hdr_encode() - write @h at @buf (UNIMEM_HDR_SIZE bytes)
 * @h:    the header
 * @buf:  where it goes; the payload, if any, follows it
 * @size: bytes at @buf, at least UNIMEM_HDR_SIZE
 *
 * Return: UNIMEM_HDR_SIZE, or -EINVAL for a header decode would refuse.
 */
int unimem_hdr_encode(const struct unimem_hdr *h, u8 *buf, size_t size);

/**
 * unimem_hdr_decode() - check and decode a packet of @size bytes
 * @buf:  the packet
 * @size: its length, payload included
 * @h:    filled
 *
 * Checks the magic, version, type, zero fields, the length against the
 * packet size and UNIMEM_MAX_LEN, the VA range and the status.
 *
 * Return: 0; -EINVAL (malformed, @h undefined); -EPROTO (a newer version).
 */
int unimem_hdr_decode(const u8 *buf, size_t size, struct unimem_hdr *h);

struct unimem_ep;

/**
 * struct unimem_transport - how packets leave a node
 *
 * Packet buffers belong to the transport, so that data is not copied on
 * the way: the NI reads a PUT's source into the packet that will carry it
 * and writes an arriving PUT from the packet it came in.
 * @alloc: a buffer of @len bytes for a packet, or NULL
 * @send:  send @len bytes of @pkt (from @alloc) to @node, taking it over
 *         whatever happens.  Return 0 or a negative code.
 * @free:  give back a buffer from @alloc, or one unimem_input() kept
 * @poll:  deliver arrived packets with unimem_input(), freeing those it
 *         did not keep; return how many, or a negative code
 * @ctx:   passed to all
 */
struct unimem_transport {
	void *(*alloc)(void *ctx, size_t len);
	int (*send)(void *ctx, unsigned int node, void *pkt, size_t len);
	void (*free)(void *ctx, void *pkt);
	int (*poll)(void *ctx, struct unimem_ep *ep);
	void *ctx;
};

/**
 * struct unimem_req - an operation as its initiator sees it
 * @done:     it ended
 * @status:   0, -EACCES (refused at the destination), -EFAULT (a fault
 *            nobody could serve; @fault_va, @remote), -EINVAL, -ENOMEM,
 *            -EBUSY (the destination had no room), -EHOSTDOWN, or the
 *            transport's error (the packet that carried the request could
 *            not be sent)
 * @remote:   the fault was at the destination (else in the local buffer)
 * @fault_va: the faulting VA
 * @bytes:    bytes moved before it ended
 */
struct unimem_req {
	bool done;
	int status;
	bool remote;
	u64 fault_va;
	u32 bytes;
	/* private: */
	int slot;
	/* public: */
};

/**
 * struct unimem_stats - what a node did
 * @puts:          PUTs initiated
 * @gets:          GETs initiated
 * @served_puts:   PUTs carried out for others
 * @served_gets:   GETs carried out for others
 * @bytes_out:     payload sent
 * @bytes_in:      payload received
 * @refused:       requests refused: PDID, key, range
 * @bad_packets:   packets dropped: malformed or not for this node
 * @remote_faults: served operations that ended at a fault
 * @answers_held:  answers kept to send later (no packet buffer then)
 * @answers_lost:  answers dropped: no memory even to keep them
 * @batches_out:   BATCH packets sent (coalesced operations and answers)
 * @batches_in:    BATCH packets received and taken apart
 */
struct unimem_stats {
	u64 puts;
	u64 gets;
	u64 served_puts;
	u64 served_gets;
	u64 bytes_out;
	u64 bytes_in;
	u64 refused;
	u64 bad_packets;
	u64 remote_faults;
	u64 answers_held;
	u64 answers_lost;
	u64 batches_out;
	u64 batches_in;
};

/**
 * struct unimem_export - one process attached to the NI
 * @used:   the slot is taken
 * @remote: other nodes may access it (exported)
 * @pdid:   its protection domain ID
 * @key:    what remote requests must carry
 * @proc:   the process
 * @sid:    the NI stream (AXI ID) bound to it
 */
struct unimem_export {
	bool used;
	bool remote;
	u16 pdid;
	u64 key;
	struct os_proc *proc;
	u32 sid;
};

struct unimem_op;
struct unimem_peer;

/**
 * struct unimem_ep - one node's endpoint
 * @st: what the node did; only the endpoint writes it
 *
 * The other fields are private.
 */
struct unimem_ep {
	/* private: */
	struct model *m;
	struct os_sva *sva;
	u32 smmu_irq;
	u16 node;
	unsigned int nodes;
	const struct unimem_transport *tr;
	struct unimem_export exports[UNIMEM_MAX_EXPORTS];
	struct unimem_op *ops;
	struct unimem_op *free_ops; /* operation slots not in use */
	struct unimem_op *ni_head;  /* NI jobs, in the NI's order */
	struct unimem_op *ni_tail;
	struct unimem_peer *peers; /* per node: what goes there, in order */
	struct unimem_peer *dirty; /* peers with something to send */
	unsigned int nr_busy;
	u32 next_tag;
	u64 next_unit; /* names the units queued to peers */
	bool leaving;
	/* public: */
	struct unimem_stats st;
};

/**
 * unimem_ep_init() - set up node @node of @nodes
 * @ep:       filled
 * @m:        the node's model (its NI carries the data)
 * @sva:      the node's SVA service (serves the NI's faults)
 * @smmu_irq: the SMMU's interrupt line
 * @node:     this node's number, below @nodes
 * @nodes:    how many nodes there are, at most UNIMEM_MAX_NODES
 * @tr:       the transport; it must outlive the endpoint
 *
 * Return: 0; -EINVAL; -ENODEV (the model has no NI); -ENOMEM.
 */
int unimem_ep_init(struct unimem_ep *ep, struct model *m, struct os_sva *sva,
		   u32 smmu_irq, unsigned int node, unsigned int nodes,
		   const struct unimem_transport *tr);

/**
 * unimem_ep_leave() - tell the others (BYE) and stop
 * @ep: the endpoint
 *
 * Every operation in flight ends (ours with -EHOSTDOWN); requests that
 * still arrive are refused with -EHOSTDOWN.  unimem_progress() still takes
 * packets, so the transport can drain until the others have left too.
 */
void unimem_ep_leave(struct unimem_ep *ep);

/**
 * unimem_ep_fini() - leave (if not done), detach everything, free
 * @ep: the endpoint
 */
void unimem_ep_fini(struct unimem_ep *ep);

/**
 * unimem_attach() - give process @p a stream on the NI
 * @ep:     the endpoint
 * @p:      the process, on this node
 * @pdid:   its protection domain ID on this node
 * @key:    what remote requests must carry
 * @remote: open its address space to other nodes (export); else only its
 *          own operations use the stream
 *
 * Binds the NI's stream for the slot (AXI ID) to the process (os_bind()).
 *
 * Return: 0; -EEXIST (PDID taken or process attached); -ENOSPC; what
 * os_bind() says.
 */
int unimem_attach(struct unimem_ep *ep, struct os_proc *p, u16 pdid, u64 key,
		  bool remote);

/**
 * unimem_detach() - close @pdid: its stream faults again
 * @ep:   the endpoint
 * @pdid: the protection domain given to unimem_attach()
 *
 * Return: 0, or -ENOENT when nothing is attached under @pdid.
 */
int unimem_detach(struct unimem_ep *ep, u16 pdid);

/**
 * unimem_put() - write @len bytes of a local process to a global address
 * @ep:       the endpoint
 * @p:        the process, attached (unimem_attach())
 * @local_va: the source, in @p
 * @dst:      the destination
 * @key:      the destination export's key
 * @len:      bytes, 1..UNIMEM_MAX_LEN
 * @req:      cleared now, filled when it ends (unimem_progress() makes it
 *            go); it must stay valid until then
 *
 * Return: 0 once under way (@req tells the end); -EINVAL (length 0 or
 * above UNIMEM_MAX_LEN, a bad node, VA range); -ENOENT (@p not attached);
 * -EAGAIN (too many in flight: progress and try again); -EHOSTDOWN;
 * -ENOMEM (no packet buffer); the transport's error.
 */
int unimem_put(struct unimem_ep *ep, struct os_proc *p, u64 local_va,
	       struct unimem_gaddr dst, u64 key, u32 len,
	       struct unimem_req *req);

/**
 * unimem_get() - read @len bytes at a global address into a local process
 * @ep:       the endpoint
 * @p:        the process, attached (unimem_attach())
 * @local_va: the destination, in @p
 * @src:      the source
 * @key:      the source export's key
 * @len:      bytes, 1..UNIMEM_MAX_LEN
 * @req:      as for unimem_put()
 *
 * Return: as unimem_put().
 */
int unimem_get(struct unimem_ep *ep, struct os_proc *p, u64 local_va,
	       struct unimem_gaddr src, u64 key, u32 len,
	       struct unimem_req *req);

/**
 * unimem_abandon() - stop waiting for the answer to @req
 * @ep:  the endpoint
 * @req: an operation in flight (a time limit passed)
 *
 * It ends with -ETIMEDOUT, and a late answer is dropped.
 *
 * Return: 0; -EBUSY (the NI is still moving its data: progress and try
 * again); -ENOENT (not in flight).
 */
int unimem_abandon(struct unimem_ep *ep, struct unimem_req *req);

/**
 * unimem_input() - a packet arrived from the transport
 * @ep:   the endpoint
 * @from: the node the transport got it from
 * @pkt:  the packet, in a buffer of the transport's
 * @len:  its length
 *
 * Malformed packets, and packets not addressed to this node, are counted
 * and dropped; a well-formed request this node refuses is answered.
 *
 * Return: true when the endpoint keeps @pkt (it frees it later with the
 * transport's @free); false when the transport may free it now.
 */
bool unimem_input(struct unimem_ep *ep, unsigned int from, u8 *pkt, size_t len);

/**
 * unimem_progress() - move everything along
 * @ep: the endpoint
 *
 * Takes packets, runs the node's model for a while, serves the SMMU's
 * faults, answers, and completes operations.
 *
 * Return: 0, or the transport's error.
 */
int unimem_progress(struct unimem_ep *ep);

/**
 * unimem_busy() - operations of this node (or for others) in flight
 * @ep: the endpoint
 */
unsigned int unimem_busy(const struct unimem_ep *ep);

/**
 * unimem_node_gone() - whether @node said BYE
 * @ep:   the endpoint
 * @node: a node number
 */
bool unimem_node_gone(const struct unimem_ep *ep, unsigned int node);

#endif /* VADMA_UNIMEM_H */

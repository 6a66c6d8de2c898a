"""Temporal Fusion Transformer pieces (pytorch-forecasting / google-research style): TimeDistributed
wrapper that folds time into batch with contiguous().view(-1, size), GatedLinearUnit with F.glu,
GateAddNorm, GatedResidualNetwork with optional context and skip projection, VariableSelectionNetwork
over a dict of per-variable GRNs (nn.ModuleDict, softmax weights unsqueezed, weighted sum with
torch.stack(..., dim=-1) and (x * w).sum(-1)), static context enrichment, LSTM encoder/decoder and
interpretable multi-head attention sharing the value projection across heads (stack + mean)."""
from typing import Dict

import torch
import torch.nn as nn
import torch.nn.functional as F


class TimeDistributed(nn.Module):
    def __init__(self, module: nn.Module, batch_first: bool = True):
        super().__init__()
        self.module = module
        self.batch_first = batch_first

    def forward(self, x):
        if len(x.size()) <= 2:
            return self.module(x)
        x_reshape = x.contiguous().view(-1, x.size(-1))
        y = self.module(x_reshape)
        if self.batch_first:
            y = y.contiguous().view(x.size(0), -1, y.size(-1))
        else:
            y = y.view(-1, x.size(1), y.size(-1))
        return y


class GatedLinearUnit(nn.Module):
    def __init__(self, input_size: int, hidden_size: int = None, dropout: float = None):
        super().__init__()
        self.dropout = nn.Dropout(dropout) if dropout is not None else None
        self.hidden_size = hidden_size or input_size
        self.fc = nn.Linear(input_size, self.hidden_size * 2)

    def forward(self, x):
        if self.dropout is not None:
            x = self.dropout(x)
        x = self.fc(x)
        return F.glu(x, dim=-1)


class AddNorm(nn.Module):
    def __init__(self, input_size: int, skip_size: int = None):
        super().__init__()
        self.input_size = input_size
        self.skip_size = skip_size or input_size
        if self.input_size != self.skip_size:
            self.resample = TimeDistributed(nn.Linear(self.skip_size, self.input_size))
        self.norm = nn.LayerNorm(self.input_size)

    def forward(self, x, skip):
        if self.input_size != self.skip_size:
            skip = self.resample(skip)
        return self.norm(x + skip)


class GateAddNorm(nn.Module):
    def __init__(self, input_size, hidden_size=None, skip_size=None, dropout=None):
        super().__init__()
        self.hidden_size = hidden_size or input_size
        self.skip_size = skip_size or self.hidden_size
        self.glu = GatedLinearUnit(input_size, hidden_size=self.hidden_size, dropout=dropout)
        self.add_norm = AddNorm(self.hidden_size, skip_size=self.skip_size)

    def forward(self, x, skip):
        return self.add_norm(self.glu(x), skip)


class GatedResidualNetwork(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, dropout=0.1, context_size=None, residual=False):
        super().__init__()
        self.input_size = input_size
        self.output_size = output_size
        self.residual = residual
        residual_size = input_size if self.input_size != self.output_size and not self.residual else self.output_size
        if self.output_size != residual_size:
            self.resample_norm = nn.Linear(residual_size, self.output_size)
        self.fc1 = nn.Linear(self.input_size, hidden_size)
        self.elu = nn.ELU()
        if context_size is not None:
            self.context = nn.Linear(context_size, hidden_size, bias=False)
        self.fc2 = nn.Linear(hidden_size, hidden_size)
        self.gate_norm = GateAddNorm(hidden_size, skip_size=self.output_size, hidden_size=self.output_size, dropout=dropout)

    def forward(self, x, context=None, residual=None):
        if residual is None:
            residual = x
        if self.input_size != self.output_size and not self.residual:
            residual = self.resample_norm(residual)
        x = self.fc1(x)
        if context is not None:
            context = self.context(context)
            x = x + context
        x = self.elu(x)
        x = self.fc2(x)
        return self.gate_norm(x, residual)


class VariableSelectionNetwork(nn.Module):
    def __init__(self, input_sizes: Dict[str, int], hidden_size: int, dropout: float = 0.1, context_size: int = None):
        super().__init__()
        self.hidden_size = hidden_size
        self.input_sizes = input_sizes
        self.context_size = context_size
        if self.num_inputs > 1:
            self.flattened_grn = GatedResidualNetwork(self.input_size_total, min(self.hidden_size, self.num_inputs),
                                                      self.num_inputs, dropout, self.context_size, residual=False)
        self.single_variable_grns = nn.ModuleDict()
        self.prescalers = nn.ModuleDict()
        for name, input_size in self.input_sizes.items():
            self.single_variable_grns[name] = GatedResidualNetwork(input_size, min(input_size, self.hidden_size),
                                                                   output_size=self.hidden_size, dropout=dropout)
            self.prescalers[name] = nn.Linear(1, input_size)
        self.softmax = nn.Softmax(dim=-1)

    @property
    def input_size_total(self):
        return sum(self.input_sizes.values())

    @property
    def num_inputs(self):
        return len(self.input_sizes)

    def forward(self, x: Dict[str, torch.Tensor], context: torch.Tensor = None):
        var_outputs = []
        weight_inputs = []
        for name in self.input_sizes.keys():
            variable_embedding = x[name]
            if name in self.prescalers:
                variable_embedding = self.prescalers[name](variable_embedding)
            weight_inputs.append(variable_embedding)
            var_outputs.append(self.single_variable_grns[name](variable_embedding))
        var_outputs = torch.stack(var_outputs, dim=-1)
        flat_embedding = torch.cat(weight_inputs, dim=-1)
        sparse_weights = self.flattened_grn(flat_embedding, context)
        sparse_weights = self.softmax(sparse_weights).unsqueeze(-2)
        outputs = var_outputs * sparse_weights
        outputs = outputs.sum(dim=-1)
        return outputs, sparse_weights


class ScaledDotProductAttention(nn.Module):
    def __init__(self, dropout: float = None, scale: bool = True):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout) if dropout is not None else dropout
        self.softmax = nn.Softmax(dim=2)
        self.scale = scale

    def forward(self, q, k, v, mask=None):
        attn = torch.bmm(q, k.permute(0, 2, 1))
        if self.scale:
            dimension = torch.as_tensor(k.size(-1), dtype=attn.dtype, device=attn.device).sqrt()
            attn = attn / dimension
        if mask is not None:
            attn = attn.masked_fill(mask, -1e9)
        attn = self.softmax(attn)
        if self.dropout is not None:
            attn = self.dropout(attn)
        output = torch.bmm(attn, v)
        return output, attn


class InterpretableMultiHeadAttention(nn.Module):
    def __init__(self, n_head: int, d_model: int, dropout: float = 0.0):
        super().__init__()
        self.n_head = n_head
        self.d_model = d_model
        self.d_k = self.d_q = self.d_v = d_model // n_head
        self.dropout = nn.Dropout(p=dropout)
        self.v_layer = nn.Linear(self.d_model, self.d_v)
        self.q_layers = nn.ModuleList([nn.Linear(self.d_model, self.d_q) for _ in range(self.n_head)])
        self.k_layers = nn.ModuleList([nn.Linear(self.d_model, self.d_k) for _ in range(self.n_head)])
        self.attention = ScaledDotProductAttention()
        self.w_h = nn.Linear(self.d_v, self.d_model, bias=False)

    def forward(self, q, k, v, mask=None):
        heads = []
        attns = []
        vs = self.v_layer(v)
        for i in range(self.n_head):
            qs = self.q_layers[i](q)
            ks = self.k_layers[i](k)
            head, attn = self.attention(qs, ks, vs, mask)
            head_dropout = self.dropout(head)
            heads.append(head_dropout)
            attns.append(attn)
        head = torch.stack(heads, dim=2) if self.n_head > 1 else heads[0]
        attn = torch.stack(attns, dim=2)
        outputs = torch.mean(head, dim=2) if self.n_head > 1 else head
        outputs = self.w_h(outputs)
        outputs = self.dropout(outputs)
        return outputs, attn


# shapelint: input=((2, 24, 4), (2, 6, 2), (2, 3))
class TemporalFusionLite(nn.Module):
    encoder_vars = ('target', 'price', 'promo', 'temp')
    decoder_vars = ('price', 'promo')
    static_vars = ('store', 'item', 'region')

    def __init__(self, hidden_size=16, lstm_layers=1, attention_head_size=4, output_size=3, dropout=0.1):
        super().__init__()
        self.hidden_size = hidden_size
        self.static_variable_selection = VariableSelectionNetwork({n: 1 for n in self.static_vars}, hidden_size, dropout)
        self.encoder_variable_selection = VariableSelectionNetwork({n: 1 for n in self.encoder_vars}, hidden_size, dropout,
                                                                   context_size=hidden_size)
        self.decoder_variable_selection = VariableSelectionNetwork({n: 1 for n in self.decoder_vars}, hidden_size, dropout,
                                                                   context_size=hidden_size)
        self.static_context_variable_selection = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout)
        self.static_context_initial_hidden_lstm = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout)
        self.static_context_initial_cell_lstm = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout)
        self.static_context_enrichment = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout)
        self.lstm_encoder = nn.LSTM(hidden_size, hidden_size, num_layers=lstm_layers, batch_first=True)
        self.lstm_decoder = nn.LSTM(hidden_size, hidden_size, num_layers=lstm_layers, batch_first=True)
        self.post_lstm_gate_encoder = GateAddNorm(hidden_size, dropout=dropout)
        self.post_lstm_gate_decoder = self.post_lstm_gate_encoder
        self.static_enrichment = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout,
                                                      context_size=hidden_size)
        self.multihead_attn = InterpretableMultiHeadAttention(d_model=hidden_size, n_head=attention_head_size, dropout=dropout)
        self.post_attn_gate_norm = GateAddNorm(hidden_size, dropout=dropout)
        self.pos_wise_ff = GatedResidualNetwork(hidden_size, hidden_size, hidden_size, dropout=dropout)
        self.pre_output_gate_norm = GateAddNorm(hidden_size, dropout=None)
        self.output_layer = nn.Linear(hidden_size, output_size)

    @staticmethod
    def expand_static_context(context, timesteps):
        return context[:, None].expand(-1, timesteps, -1)

    def get_attention_mask(self, batch_size: int, encoder_length: int, decoder_length: int, device):
        attend_step = torch.arange(decoder_length, device=device)
        predict_step = torch.arange(0, decoder_length, device=device)[:, None]
        decoder_mask = (attend_step >= predict_step).unsqueeze(0).expand(batch_size, -1, -1)
        encoder_mask = torch.zeros(batch_size, decoder_length, encoder_length, dtype=torch.bool, device=device)
        return torch.cat((encoder_mask, decoder_mask), dim=2)

    def forward(self, x_enc, x_dec, x_static):
        enc_steps, dec_steps = x_enc.size(1), x_dec.size(1)
        total = enc_steps + dec_steps
        static = {n: x_static[:, i:i + 1] for i, n in enumerate(self.static_vars)}
        static_embedding, static_weights = self.static_variable_selection(static)
        static_context_vs = self.expand_static_context(self.static_context_variable_selection(static_embedding), total)
        enc = {n: x_enc[..., i:i + 1] for i, n in enumerate(self.encoder_vars)}
        dec = {n: x_dec[..., i:i + 1] for i, n in enumerate(self.decoder_vars)}
        embeddings_varying_encoder, _ = self.encoder_variable_selection(enc, static_context_vs[:, :enc_steps])
        embeddings_varying_decoder, _ = self.decoder_variable_selection(dec, static_context_vs[:, enc_steps:])
        input_hidden = self.static_context_initial_hidden_lstm(static_embedding).expand(1, -1, -1)
        input_cell = self.static_context_initial_cell_lstm(static_embedding).expand(1, -1, -1)
        encoder_output, (hidden, cell) = self.lstm_encoder(embeddings_varying_encoder, (input_hidden, input_cell))
        decoder_output, _ = self.lstm_decoder(embeddings_varying_decoder, (hidden, cell))
        lstm_output_encoder = self.post_lstm_gate_encoder(encoder_output, embeddings_varying_encoder)
        lstm_output_decoder = self.post_lstm_gate_decoder(decoder_output, embeddings_varying_decoder)
        lstm_output = torch.cat([lstm_output_encoder, lstm_output_decoder], dim=1)
        static_context_enrichment = self.static_context_enrichment(static_embedding)
        attn_input = self.static_enrichment(lstm_output, self.expand_static_context(static_context_enrichment, total))
        attn_output, attn_output_weights = self.multihead_attn(
            q=attn_input[:, enc_steps:], k=attn_input, v=attn_input,
            mask=self.get_attention_mask(x_enc.size(0), enc_steps, dec_steps, attn_input.device))
        attn_output = self.post_attn_gate_norm(attn_output, attn_input[:, enc_steps:])
        output = self.pos_wise_ff(attn_output)
        output = self.pre_output_gate_norm(output, lstm_output[:, enc_steps:])
        return self.output_layer(output)
